using Nines.Metrics.Chunks;
using Nines.Metrics.Histograms;
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

    // Native-histogram samples live in their own chunks (null until the series gets one). A series
    // has one timeline: a sample of either kind must be newer than the newest of both.
    private List<HistogramChunk>? _histSealed;
    private HistogramChunk? _histOpen;

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
        if (_histOpen is not null && _histOpen.Count > 0 && t <= _histOpen.MaxTime)
        {
            return t == _histOpen.MaxTime ? AppendResult.Duplicate : AppendResult.OutOfOrder;
        }

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

    /// <summary>Appends a native-histogram sample; every chunk opened is counted into <paramref name="chunks"/>.</summary>
    public AppendResult AppendHistogram(long t, Histogram h, int maxSamples, ref long chunks)
    {
        if (_open is not null && _open.Count > 0 && t <= _open.MaxTime)
        {
            return t == _open.MaxTime ? AppendResult.Duplicate : AppendResult.OutOfOrder;
        }

        if (_histOpen is null)
        {
            _histOpen = new HistogramChunk(maxSamples);
            Interlocked.Increment(ref chunks);
        }

        var result = _histOpen.Append(t, h, out var header);
        if (result == AppendResult.ChunkFull)
        {
            // Full, or the histogram cannot share the chunk's layout: cut, with the header saying why.
            _histOpen.Compact();
            (_histSealed ??= []).Add(_histOpen);
            _histOpen = new HistogramChunk(maxSamples, header);
            Interlocked.Increment(ref chunks);
            result = _histOpen.Append(t, h, out _);
        }

        return result;
    }

    public ChunkSnapshot[] Snapshot(long mint, long maxt)
    {
        var floats = SnapshotFloats(mint, maxt);
        if (_histOpen is null)
        {
            return floats;
        }

        var hist = new List<ChunkSnapshot>(floats);
        foreach (var c in _histSealed ?? [])
        {
            if (Overlaps(c, mint, maxt))
            {
                hist.Add(new ChunkSnapshot(c.Buffer, c.Count, 0, ChunkEncoding.Histogram));
            }
        }

        if (Overlaps(_histOpen, mint, maxt))
        {
            hist.Add(new ChunkSnapshot(_histOpen.Buffer, _histOpen.Count, 0, ChunkEncoding.Histogram));
        }

        // Readers expect chunks in order of their first sample; the two kinds never overlap in time.
        var result = hist.ToArray();
        Array.Sort(result, (a, b) => FirstTimeOf(a).CompareTo(FirstTimeOf(b)));
        return result;
    }

    private static long FirstTimeOf(ChunkSnapshot c)
    {
        if (c.IsHistogram)
        {
            var h = new HistogramIterator(c.Buffer, c.Offset, c.Buffer.Length - c.Offset, c.Count, decodeFloat: false);
            return h.MoveNext() ? h.T : long.MaxValue;
        }

        var x = c.Iterator();
        return x.MoveNext() ? x.T : long.MaxValue;
    }

    private ChunkSnapshot[] SnapshotFloats(long mint, long maxt)
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
    public long FirstTime => Math.Min(
        _sealed.Count > 0 ? _sealed[0].MinTime : _open is { Count: > 0 } ? _open.MinTime : long.MaxValue,
        _histSealed is { Count: > 0 } ? _histSealed[0].MinTime : _histOpen is { Count: > 0 } ? _histOpen.MinTime : long.MaxValue);

    /// <summary>True when the series holds no sample.</summary>
    public bool IsEmpty => _sealed.Count == 0 && (_open is null || _open.Count == 0)
        && (_histSealed is null || _histSealed.Count == 0) && (_histOpen is null || _histOpen.Count == 0);

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

        if (_histSealed is not null)
        {
            var h = 0;
            while (h < _histSealed.Count && _histSealed[h].MaxTime < cut)
            {
                h++;
            }

            _histSealed.RemoveRange(0, h);
            drop += h;
        }

        if ((_histSealed is null || _histSealed.Count == 0) && _histOpen is not null && _histOpen.Count > 0 && _histOpen.MaxTime < cut)
        {
            _histOpen = null;
            drop++;
        }

        return drop;
    }

    private static bool Overlaps(HistogramChunk c, long mint, long maxt) => c.Count > 0 && c.MinTime <= maxt && c.MaxTime >= mint;

    private static bool Overlaps(XorChunk c, long mint, long maxt) => c.Count > 0 && c.MinTime <= maxt && c.MaxTime >= mint;
}
