using System.IO.Hashing;
using Nines.Metrics.Labels;

namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Maps the exact protobuf bytes of a series' labels to the <see cref="LabelSet"/> built from them.
/// Remote-write senders resend the same series every scrape interval with byte-identical label
/// encodings, so a hit skips UTF-8 decoding, validation, sorting and hashing entirely. Only valid
/// series are cached; a hash collision compares the bytes and falls back to a miss. Bounded:
/// cleared when full, so hostile cardinality costs at most <c>capacity</c> entries.
/// </summary>
internal sealed class SeriesCache
{
    private readonly Dictionary<ulong, Entry> _entries;
    private readonly int _capacity;

    public SeriesCache(int capacity)
    {
        _capacity = capacity;
        _entries = new Dictionary<ulong, Entry>(Math.Min(capacity, 1024));
    }

    public bool Enabled => _capacity > 0;

    public bool TryGet(ReadOnlySpan<byte> key, out ulong hash, out LabelSet labels)
    {
        hash = XxHash3.HashToUInt64(key);
        if (_entries.TryGetValue(hash, out var entry) && key.SequenceEqual(entry.Key))
        {
            labels = entry.Labels;
            return true;
        }

        labels = LabelSet.Empty;
        return false;
    }

    public void Add(ulong hash, ReadOnlySpan<byte> key, LabelSet labels)
    {
        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }

        _entries[hash] = new Entry(key.ToArray(), labels);
    }

    private readonly record struct Entry(byte[] Key, LabelSet Labels);
}
