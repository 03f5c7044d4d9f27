using Nines.Metrics.Chunks;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

/// <summary>
/// One series in the head: its labels, sealed chunks and the open chunk. Every member except the
/// readonly fields is guarded by <see cref="Sync"/> (one lock per series, so appenders of
/// different series never contend); <see cref="NextSameHash"/> by the owning stripe's lock.
/// </summary>
internal sealed class MemSeries
{
    private readonly List<XorChunk> _sealed = [];
    private XorChunk? _open;

    public MemSeries(uint id, LabelSet labels)
    {
        Id = id;
        Labels = labels;
    }

    public uint Id { get; }

    public LabelSet Labels { get; }

    public Lock Sync { get; } = new();

    /// <summary>
    /// Appends encoded but not yet applied (taken under the stripe lock by <see cref="HeadBlock.AcquireSeries"/>):
    /// while non-zero, head truncation must not remove the series, or a durable batch would find its id gone.
    /// </summary>
    public int Pending;

    /// <summary>Next series whose labels hash to the same 64-bit value (collision chain).</summary>
    public MemSeries? NextSameHash { get; set; }

    /// <summary>Appends a sample; every chunk opened is counted into <paramref name="chunks"/> (the head's total).</summary>
    public AppendResult Append(long t, double v, int maxSamples, ref long chunks)
    {
        if (_open is null)
        {
            _open = new XorChunk(maxSamples);
            Interlocked.Increment(ref chunks);
        }

        var result = _open.Append(t, v);
        if (result == AppendResult.ChunkFull)
        {
            // Cut: seal (trim the spare capacity) and open a new chunk. The full chunk checked
            // ordering against its last sample before reporting full, and the open chunk always
            // holds the newest sample, so no separate out-of-order check is needed.
            _open.Compact();
            _sealed.Add(_open);
            _open = new XorChunk(maxSamples);
            Interlocked.Increment(ref chunks);
            result = _open.Append(t, v);
        }

        return result;
    }

    public ChunkSnapshot[] Snapshot(long mint, long maxt)
    {
        var count = 0;
        foreach (var c in _sealed)
        {
            if (Overlaps(c, mint, maxt))
            {
                count++;
            }
        }

        var includeOpen = _open is not null && Overlaps(_open, mint, maxt);
        if (includeOpen)
        {
            count++;
        }

        if (count == 0)
        {
            return [];
        }

        var result = new ChunkSnapshot[count];
        var i = 0;
        foreach (var c in _sealed)
        {
            if (Overlaps(c, mint, maxt))
            {
                result[i++] = new ChunkSnapshot(c.Buffer, c.Count);
            }
        }

        if (includeOpen)
        {
            result[i] = new ChunkSnapshot(_open!.Buffer, _open.Count);
        }

        return result;
    }

    /// <summary>Timestamp of the oldest sample held, or long.MaxValue when empty.</summary>
    public long FirstTime => _sealed.Count > 0 ? _sealed[0].MinTime : _open is { Count: > 0 } ? _open.MinTime : long.MaxValue;

    /// <summary>True when the series holds no sample.</summary>
    public bool IsEmpty => _sealed.Count == 0 && (_open is null || _open.Count == 0);

    /// <summary>
    /// Drops chunks whose newest sample is before <paramref name="cut"/> (they are in a block now).
    /// Returns how many were dropped.
    /// </summary>
    public int Truncate(long cut)
    {
        var drop = 0;
        while (drop < _sealed.Count && _sealed[drop].MaxTime < cut)
        {
            drop++;
        }

        if (drop > 0)
        {
            _sealed.RemoveRange(0, drop);
        }

        if (_sealed.Count == 0 && _open is not null && _open.Count > 0 && _open.MaxTime < cut)
        {
            _open = null;
            drop++;
        }

        return drop;
    }

    private static bool Overlaps(XorChunk c, long mint, long maxt) => c.Count > 0 && c.MinTime <= maxt && c.MaxTime >= mint;
}
