using Nines.Metrics.Chunks;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

public sealed partial class HeadBlock
{
    /// <summary>
    /// Returns the id of the series with exactly these labels, creating and indexing it if new.
    /// Ids are dense, start at 1 and are stable for the head's lifetime; the ingest path caches them.
    /// </summary>
    /// <exception cref="ArgumentException">The label set is empty.</exception>
    public uint GetOrCreateSeries(LabelSet labels) => GetOrCreate(labels, acquire: false);

    /// <summary>
    /// As <see cref="GetOrCreateSeries"/>, and pins the series against head truncation until
    /// <see cref="ReleaseSeries"/>: the storage calls it when it encodes a batch and releases once the
    /// batch is applied.
    /// </summary>
    internal uint AcquireSeries(LabelSet labels) => GetOrCreate(labels, acquire: true);

    internal void ReleaseSeries(uint id)
    {
        var series = GetSeries(id);
        if (series is not null)
        {
            Interlocked.Decrement(ref series.Pending);
        }
    }

    private uint GetOrCreate(LabelSet labels, bool acquire)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("A series needs at least one label.", nameof(labels));
        }

        var hash = labels.Hash;
        var stripe = _stripes[(int)(hash % StripeCount)];
        lock (stripe.Sync)
        {
            stripe.ByHash.TryGetValue(hash, out var head);

            // Different label sets with the same 64-bit hash share a chain; compare labels to tell them apart.
            for (var s = head; s is not null; s = s.NextSameHash)
            {
                if (s.Labels.Equals(labels))
                {
                    if (acquire)
                    {
                        Interlocked.Increment(ref s.Pending);
                    }

                    return s.Id;
                }
            }

            var created = Register(labels);
            if (acquire)
            {
                created.Pending = 1;
            }

            created.NextSameHash = head;
            stripe.ByHash[hash] = created;
            return created.Id;
        }
    }

    /// <summary>Appends one sample to a series. Never throws on bad samples: the result says what happened.</summary>
    public AppendResult Append(uint seriesId, long timestamp, double value)
    {
        if (Appendable(seriesId, timestamp, out var series) is { } refused)
        {
            return refused;
        }

        AppendResult result;
        lock (series.Sync)
        {
            result = series.Append(timestamp, value, _maxSamplesPerChunk, ref _chunks);
        }

        return Count(result, timestamp);
    }

    /// <summary>Appends one native-histogram sample to a series, with the same verdicts as <see cref="Append"/>.</summary>
    /// <exception cref="ArgumentException">The histogram fails <see cref="Histograms.Histogram.Validate"/> (the chunk encoder needs spans matching buckets).</exception>
    public AppendResult AppendHistogram(uint seriesId, long timestamp, Histograms.Histogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.Validate() is { } fault)
        {
            throw new ArgumentException(fault, nameof(histogram));
        }

        if (Appendable(seriesId, timestamp, out var series) is { } refused)
        {
            return refused;
        }

        AppendResult result;
        lock (series.Sync)
        {
            result = series.AppendHistogram(timestamp, histogram, _maxSamplesPerChunk, ref _chunks);
        }

        return Count(result, timestamp);
    }

    /// <summary>
    /// Appends one series' samples in order under a single lock of the series, with the same
    /// verdicts as <see cref="Append"/> sample by sample, counting them into <paramref name="counts"/>.
    /// The head's counters and time range change only in <see cref="Publish"/>, once per batch.
    /// </summary>
    internal void AppendSamples(uint seriesId, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, ref AppendCounts counts)
    {
        var series = GetSeries(seriesId);
        if (series is null)
        {
            counts.Unknown += timestamps.Length;
            return;
        }

        var minValid = Volatile.Read(ref _minValidTime);
        lock (series.Sync)
        {
            for (var k = 0; k < timestamps.Length; k++)
            {
                var t = timestamps[k];
                if (t < minValid)
                {
                    counts.OutOfOrder++;
                    continue;
                }

                switch (series.Append(t, values[k], _maxSamplesPerChunk, ref _chunks))
                {
                    case AppendResult.Ok:
                        counts.Accepted++;
                        counts.MinTime = Math.Min(counts.MinTime, t);
                        counts.MaxTime = Math.Max(counts.MaxTime, t);
                        break;
                    case AppendResult.OutOfOrder:
                        counts.OutOfOrder++;
                        break;
                    default:
                        counts.Duplicate++;
                        break;
                }
            }
        }
    }

    /// <summary>As <see cref="AppendHistogram"/>, counting the verdict into <paramref name="counts"/> for <see cref="Publish"/>.</summary>
    internal AppendResult AppendHistogramCounted(uint seriesId, long t, Histograms.Histogram histogram, ref AppendCounts counts)
    {
        var series = GetSeries(seriesId);
        if (series is null)
        {
            counts.Unknown++;
            return AppendResult.UnknownSeries;
        }

        AppendResult result;
        if (t < Volatile.Read(ref _minValidTime))
        {
            result = AppendResult.OutOfBounds;
        }
        else
        {
            lock (series.Sync)
            {
                result = series.AppendHistogram(t, histogram, _maxSamplesPerChunk, ref _chunks);
            }
        }

        switch (result)
        {
            case AppendResult.Ok:
                counts.Accepted++;
                counts.MinTime = Math.Min(counts.MinTime, t);
                counts.MaxTime = Math.Max(counts.MaxTime, t);
                break;
            case AppendResult.Duplicate:
                counts.Duplicate++;
                break;
            default:
                counts.OutOfOrder++;
                break;
        }

        return result;
    }

    /// <summary>Adds a batch's <see cref="AppendSamples"/> verdicts to the head's counters and time range.</summary>
    internal void Publish(in AppendCounts counts)
    {
        if (counts.Accepted > 0)
        {
            Interlocked.Add(ref _appended, counts.Accepted);
            UpdateTimeRange(counts.MinTime);
            UpdateTimeRange(counts.MaxTime);
        }

        if (counts.OutOfOrder > 0)
        {
            Interlocked.Add(ref _outOfOrder, counts.OutOfOrder);
        }

        if (counts.Duplicate > 0)
        {
            Interlocked.Add(ref _duplicates, counts.Duplicate);
        }
    }

    // The checks before a single-sample append: the series exists and the time is inside the head.
    private AppendResult? Appendable(uint seriesId, long timestamp, out MemSeries series)
    {
        series = GetSeries(seriesId)!;
        if (series is null)
        {
            return AppendResult.UnknownSeries;
        }

        if (timestamp < Volatile.Read(ref _minValidTime))
        {
            Interlocked.Increment(ref _outOfOrder);
            return AppendResult.OutOfBounds;
        }

        return null;
    }

    private AppendResult Count(AppendResult result, long timestamp)
    {
        switch (result)
        {
            case AppendResult.Ok:
                Interlocked.Increment(ref _appended);
                UpdateTimeRange(timestamp);
                break;
            case AppendResult.OutOfOrder:
                Interlocked.Increment(ref _outOfOrder);
                break;
            case AppendResult.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
        }

        return result;
    }

    private MemSeries Register(LabelSet labels)
    {
        MemSeries created;
        lock (_growLock)
        {
            var id = (uint)(_lastId + 1);
            var series = _series;
            if (id >= series.Length)
            {
                var grown = new MemSeries?[series.Length * 2];
                Array.Copy(series, grown, series.Length);
                series = grown;
                Volatile.Write(ref _series, grown);
            }

            created = new MemSeries(id, labels);
            Volatile.Write(ref series[id], created);
            Volatile.Write(ref _lastId, (int)id);
            Interlocked.Increment(ref _liveSeries);

            // Under the grow lock, so the churn buckets see ids in the order of their minutes.
            _churn.RecordCreated(id, labels);
        }

        // Indexed after the slot is published so a query never finds an id it cannot resolve.
        _postings.Add(created.Id, labels);
        return created;
    }
}
