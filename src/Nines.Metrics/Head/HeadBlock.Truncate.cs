using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

public sealed partial class HeadBlock
{
    private long _minValidTime = long.MinValue;
    private long _minTime = long.MaxValue;
    private long _maxTime = long.MinValue;

    /// <summary>
    /// Oldest time the head covers: samples before it are in blocks. The older of this and the
    /// oldest sample is what persistence looks at (Prometheus' head MinTime after truncation).
    /// long.MaxValue when the head holds no sample.
    /// </summary>
    public long MinTime
    {
        get
        {
            var min = Volatile.Read(ref _minTime);
            return min == long.MaxValue ? long.MaxValue : Math.Max(min, Volatile.Read(ref _minValidTime));
        }
    }

    /// <summary>Newest sample timestamp in the head, or long.MinValue when empty.</summary>
    public long MaxTime => Volatile.Read(ref _maxTime);

    /// <summary>Samples older than this are rejected as out of bounds: that range is persisted in a block.</summary>
    internal long MinValidTime => Volatile.Read(ref _minValidTime);

    /// <summary>Raises the out-of-bounds limit (never lowers it).</summary>
    internal void SetMinValidTime(long time)
    {
        var current = Volatile.Read(ref _minValidTime);
        while (time > current)
        {
            var seen = Interlocked.CompareExchange(ref _minValidTime, time, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>
    /// Series with samples in [<paramref name="mint"/>, <paramref name="maxt"/>] and their chunk
    /// snapshots, sorted by labels: the input of a block write.
    /// </summary>
    internal List<(LabelSet Labels, ChunkSnapshot[] Chunks)> SnapshotRange(long mint, long maxt)
    {
        var result = new List<(LabelSet, ChunkSnapshot[])>();
        var last = LastSeriesId;
        for (uint id = 1; id <= last; id++)
        {
            var series = GetSeries(id);
            if (series is null)
            {
                continue;
            }

            ChunkSnapshot[] chunks;
            lock (series.Sync)
            {
                chunks = series.Snapshot(mint, maxt);
            }

            if (chunks.Length > 0)
            {
                result.Add((series.Labels, chunks));
            }
        }

        result.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>
    /// Head truncation after the range before <paramref name="cut"/> was persisted (Prometheus'
    /// Head.Truncate): drops chunks wholly before the cut and removes series left without samples,
    /// unless an append to them is in flight. Returns how many series were removed.
    /// </summary>
    internal int Truncate(long cut)
    {
        SetMinValidTime(cut);
        var removed = new List<(uint Id, LabelSet Labels)>();
        var oldest = long.MaxValue;
        var dropped = 0L;
        var last = LastSeriesId;
        for (uint id = 1; id <= last; id++)
        {
            var series = GetSeries(id);
            if (series is null)
            {
                continue;
            }

            bool empty;
            lock (series.Sync)
            {
                dropped += series.Truncate(cut);
                empty = series.IsEmpty;
                oldest = Math.Min(oldest, series.FirstTime);
            }

            if (empty && Volatile.Read(ref series.Pending) == 0 && TryRemove(series))
            {
                removed.Add((id, series.Labels));
            }
        }

        Interlocked.Add(ref _chunks, -dropped);
        _postings.Remove(removed);
        _churn.RecordRemoved(removed);

        // The head's range now starts at its oldest sample, but not before the cut (samples older than
        // the cut live on in boundary chunks only until the next truncation). Taking the real oldest
        // sample matters after a gap: the next block starts there, not at the next empty range.
        var start = Math.Max(cut, oldest == long.MaxValue ? cut : oldest);
        var min = Volatile.Read(ref _minTime);
        while (min < start)
        {
            var seen = Interlocked.CompareExchange(ref _minTime, start, min);
            if (seen == min)
            {
                break;
            }

            min = seen;
        }

        if (Volatile.Read(ref _liveSeries) == 0)
        {
            Volatile.Write(ref _minTime, long.MaxValue);
        }

        return removed.Count;
    }

    /// <summary>The id of the series with exactly these labels, or 0; never creates one.</summary>
    internal uint FindSeries(LabelSet labels)
    {
        var stripe = _stripes[(int)(labels.Hash % StripeCount)];
        lock (stripe.Sync)
        {
            stripe.ByHash.TryGetValue(labels.Hash, out var s);
            for (; s is not null; s = s.NextSameHash)
            {
                if (s.Labels.Equals(labels))
                {
                    return s.Id;
                }
            }
        }

        return 0;
    }

    // Under the stripe lock, so AcquireSeries either pins the series first (and we keep it) or finds it gone.
    private bool TryRemove(MemSeries series)
    {
        var stripe = _stripes[(int)(series.Labels.Hash % StripeCount)];
        lock (stripe.Sync)
        {
            if (Volatile.Read(ref series.Pending) != 0)
            {
                return false;
            }

            lock (series.Sync)
            {
                if (!series.IsEmpty)
                {
                    return false;
                }
            }

            stripe.ByHash.TryGetValue(series.Labels.Hash, out var head);
            MemSeries? previous = null;
            for (var s = head; s is not null; previous = s, s = s.NextSameHash)
            {
                if (ReferenceEquals(s, series))
                {
                    if (previous is null)
                    {
                        if (s.NextSameHash is null)
                        {
                            stripe.ByHash.Remove(series.Labels.Hash);
                        }
                        else
                        {
                            stripe.ByHash[series.Labels.Hash] = s.NextSameHash;
                        }
                    }
                    else
                    {
                        previous.NextSameHash = s.NextSameHash;
                    }

                    break;
                }
            }

            lock (_growLock)
            {
                Volatile.Write(ref _series[series.Id], null);
            }

            Interlocked.Decrement(ref _liveSeries);
            return true;
        }
    }

    private void UpdateTimeRange(long t)
    {
        var min = Volatile.Read(ref _minTime);
        while (t < min)
        {
            var seen = Interlocked.CompareExchange(ref _minTime, t, min);
            if (seen == min)
            {
                break;
            }

            min = seen;
        }

        var max = Volatile.Read(ref _maxTime);
        while (t > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTime, t, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }
}
