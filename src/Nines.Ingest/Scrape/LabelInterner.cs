using System.Buffers;
using System.Text.Unicode;

namespace Nines.Ingest.Scrape;

/// <summary>
/// Turns UTF-8 label names and values into strings, returning the same instance for the same text,
/// so that a target exposing the same series every scrape allocates no new strings after the first.
/// One per scrape loop; not thread-safe. Bounded: past <see cref="MaxEntries"/> it starts afresh, so
/// a target with ever-changing values cannot grow it without limit.
/// </summary>
internal sealed class LabelInterner
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    public LabelInterner(int maxEntries = 100_000)
    {
        MaxEntries = maxEntries;
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The most strings kept.</summary>
    public int MaxEntries { get; }

    /// <summary>Strings currently kept.</summary>
    public int Count => _strings.Count;

    /// <summary>The string for <paramref name="utf8"/>; false when the bytes are not valid UTF-8.</summary>
    public bool TryIntern(ReadOnlySpan<byte> utf8, out string value)
    {
        if (utf8.IsEmpty)
        {
            value = "";
            return true;
        }

        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        if (Utf8.ToUtf16(utf8, _chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            value = "";
            return false;
        }

        var chars = _chars.AsSpan(0, written);
        if (_lookup.TryGetValue(chars, out var found))
        {
            value = found;
            return true;
        }

        if (_strings.Count >= MaxEntries)
        {
            _strings.Clear();
        }

        value = new string(chars);
        _strings[value] = value;
        return true;
    }

    /// <summary>The string for <paramref name="chars"/>.</summary>
    public string Intern(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var found))
        {
            return found;
        }

        if (_strings.Count >= MaxEntries)
        {
            _strings.Clear();
        }

        var value = new string(chars);
        _strings[value] = value;
        return value;
    }
}
