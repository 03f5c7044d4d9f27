using Nines.Core.Limits;
using Nines.Ingest.Pipeline;
using Nines.Ingest.Series;
using System.Globalization;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Ingest.Http;

/// <summary>
/// Copies decoded series into the storage's batch (timestamps and values side by side, native
/// histograms after them), reusing its scratch arrays across requests, and leaves out series over
/// the tenant's label limits. One per worker; not thread-safe.
/// </summary>
internal sealed class SeriesCopier
{
    private readonly Dictionary<string, int> _newPerMetric = new(StringComparer.Ordinal);
    private long[] _timestamps = new long[1024];
    private double[] _values = new double[1024];

    /// <summary>What the label limits left out: series, their samples, and the first reason.</summary>
    public int RejectedSeries { get; private set; }

    public int RejectedSamples { get; private set; }

    public string? RejectedReason { get; private set; }

    public string? RejectedLimit { get; private set; }

    /// <summary>What the series limits left out (new series beyond max_active_series or max_series_per_metric).</summary>
    public int LimitedSeries { get; private set; }

    public int LimitedSamples { get; private set; }

    public string? LimitedReason { get; private set; }

    public string? LimitedKey { get; private set; }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="target"/>, leaving out series over the
    /// label limits and — when <paramref name="head"/> is given — new series beyond the series
    /// limits. The series check is a soft limit: concurrent requests may overshoot it by the new
    /// series they carry between them, which is bounded by the request size.
    /// </summary>
    public void Copy(SeriesBatch source, MetricsBatch target, TenantLimits? limits = null, HeadBlock? head = null)
    {
        target.Clear();
        RejectedSeries = 0;
        RejectedSamples = 0;
        RejectedReason = null;
        RejectedLimit = null;
        LimitedSeries = 0;
        LimitedSamples = 0;
        LimitedReason = null;
        LimitedKey = null;
        _newPerMetric.Clear();
        var newSeries = 0;
        var maxActive = limits?[TenantLimits.MaxActiveSeries] ?? 0;
        var maxPerMetric = limits?[TenantLimits.MaxSeriesPerMetric] ?? 0;

        // Read once per request: the limits' indexer is a dictionary lookup by name.
        var maxNames = limits?[TenantLimits.MaxLabelNamesPerSeries] ?? 0;
        var maxNameLength = limits?[TenantLimits.MaxLabelNameLength] ?? 0;
        var maxValueLength = limits?[TenantLimits.MaxLabelValueLength] ?? 0;

        // A metric never has more series than the head, so while the head plus this whole request
        // stays under both limits no series can reach either: skip the per-series lookups (the
        // common case, which keeps the limits off the hot path).
        var nearest = Math.Min(maxActive > 0 ? maxActive : long.MaxValue, maxPerMetric > 0 ? maxPerMetric : long.MaxValue);
        if (head is not null && (long)head.SeriesCount + source.SeriesCount < nearest)
        {
            head = null;
        }
        for (var i = 0; i < source.SeriesCount; i++)
        {
            var samples = source.GetSamples(i);
            var exemplars = source.GetExemplars(i);
            var histograms = source.GetHistograms(i);
            if (samples.Length == 0 && exemplars.Length == 0 && histograms.Length == 0)
            {
                continue;
            }

            // A histogram sample counts as one sample, as for the rate limit.
            var sampleCount = samples.Length + histograms.Length;

            var labels = source.GetLabels(i);
            if (limits is not null && OverLabelLimits(labels, maxNames, maxNameLength, maxValueLength)
                && IngestLimiter.CheckLabels(labels, limits, out var limit) is { } reason)
            {
                RejectedSeries++;
                RejectedSamples += sampleCount;
                RejectedReason ??= reason;
                RejectedLimit ??= limit;
                continue;
            }

            if (head is not null && (maxActive > 0 || maxPerMetric > 0) && !head.ContainsSeries(labels))
            {
                if (SeriesLimitReason(head, labels, maxActive, maxPerMetric, newSeries, out var key) is { } why)
                {
                    LimitedSeries++;
                    LimitedSamples += sampleCount;
                    LimitedReason ??= why;
                    LimitedKey ??= key;
                    continue;
                }

                newSeries++;
                if (maxPerMetric > 0)
                {
                    _newPerMetric[labels.MetricName] = _newPerMetric.GetValueOrDefault(labels.MetricName) + 1;
                }
            }

            if (samples.Length > _timestamps.Length)
            {
                _timestamps = new long[samples.Length * 2];
                _values = new double[samples.Length * 2];
            }

            for (var j = 0; j < samples.Length; j++)
            {
                _timestamps[j] = samples[j].TimestampMs;
                _values[j] = samples[j].Value;
            }

            target.Add(labels, _timestamps.AsSpan(0, samples.Length), _values.AsSpan(0, samples.Length));
            foreach (ref readonly var histogram in histograms)
            {
                target.AddHistogram(histogram.TimestampMs, histogram.Histogram);
            }

            foreach (ref readonly var exemplar in exemplars)
            {
                target.AddExemplar(exemplar.Labels, exemplar.Value, exemplar.Timestamp);
            }
        }
    }

    // The fast check; IngestLimiter.CheckLabels then says which limit and why (0 means no limit).
    private static bool OverLabelLimits(LabelSet labels, long maxNames, long maxNameLength, long maxValueLength)
    {
        if (maxNames > 0 && labels.Count > maxNames)
        {
            return true;
        }

        if (maxNameLength <= 0 && maxValueLength <= 0)
        {
            return false;
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if ((maxNameLength > 0 && labels.NameAt(i).Length > maxNameLength) || (maxValueLength > 0 && labels.ValueAt(i).Length > maxValueLength))
            {
                return true;
            }
        }

        return false;
    }

    private string? SeriesLimitReason(HeadBlock head, LabelSet labels, long maxActive, long maxPerMetric, int newSeries, out string key)
    {
        if (maxActive > 0 && head.SeriesCount + newSeries >= maxActive)
        {
            key = TenantLimits.MaxActiveSeries;
            return string.Create(CultureInfo.InvariantCulture, $"the tenant has {head.SeriesCount} active series, at the limit {key} ({maxActive}); new series are refused until old ones go stale or the limit is raised");
        }

        var name = labels.MetricName;
        var perMetric = head.SeriesCountOf(name) + _newPerMetric.GetValueOrDefault(name);
        if (maxPerMetric > 0 && perMetric >= maxPerMetric)
        {
            key = TenantLimits.MaxSeriesPerMetric;
            return string.Create(CultureInfo.InvariantCulture, $"metric {name} has {perMetric} series, at the limit {key} ({maxPerMetric}); look for a label with unbounded values (GET /api/v1/status/tsdb)");
        }

        key = "";
        return null;
    }
}
