using System.Text;

namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Reuses strings for repeated UTF-8 label names and short values: a 10k-series request repeats
/// the same few names and values thousands of times, so interning removes most string allocations.
/// Bounded: cleared when full, so millions of unique values cannot grow it without limit.
/// </summary>
internal sealed class StringInterner
{
    private const int MaxInternedChars = 64;
    private const int MaxEntries = 1 << 16;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringInterner() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Decodes already-validated UTF-8 into a (possibly shared) string.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxInternedChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxInternedChars];
        var n = Encoding.UTF8.GetChars(utf8, chars);
        var span = chars[..n];
        if (_lookup.TryGetValue(span, out var existing))
        {
            return existing;
        }

        if (_strings.Count >= MaxEntries)
        {
            _strings.Clear();
        }

        var s = new string(span);
        _strings.Add(s);
        return s;
    }
}
