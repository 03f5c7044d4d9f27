using System.Collections.Concurrent;
using System.IO.Hashing;
using Nines.Metrics.Labels;

namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Maps the exact protobuf bytes of a series' labels to the <see cref="LabelSet"/> built from them.
/// Remote-write senders resend the same series every scrape interval with byte-identical label
/// encodings, so a hit skips UTF-8 decoding, validation, sorting and hashing entirely. Only valid
/// series are cached; a hash collision compares the bytes and falls back to a miss. Bounded:
/// cleared when full, so hostile cardinality costs at most about <c>capacity</c> entries.
/// Thread-safe, so the decoders of one endpoint share it: each series is decoded once, not once
/// per worker, and every request for it carries the same <see cref="LabelSet"/> instance, which
/// the head then matches by reference instead of comparing strings.
/// </summary>
internal sealed class SeriesCache
{
    private readonly ConcurrentDictionary<ulong, Entry> _entries;
    private readonly Lock _clearing = new();
    private readonly int _capacity;

    // Approximate entry count (ConcurrentDictionary.Count takes every lock): only bounds the size.
    private int _count;

    public SeriesCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _entries = new ConcurrentDictionary<ulong, Entry>(Environment.ProcessorCount, Math.Min(capacity, 1024));
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
        if (Volatile.Read(ref _count) >= _capacity)
        {
            lock (_clearing)
            {
                if (Volatile.Read(ref _count) >= _capacity)
                {
                    _entries.Clear();
                    Volatile.Write(ref _count, 0);
                }
            }
        }

        var entry = new Entry(key.ToArray(), labels);
        var stored = _entries.GetOrAdd(hash, entry);
        if (ReferenceEquals(stored, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else if (!key.SequenceEqual(stored.Key))
        {
            // Two keys share a hash: the newest wins. (When another worker added the same series
            // first, its entry stays, so later requests keep matching the head's instance.)
            _entries[hash] = entry;
        }
    }

    private sealed record Entry(byte[] Key, LabelSet Labels);
}
