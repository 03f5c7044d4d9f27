using Nines.Core.Limits;
using Nines.Ingest.Pipeline;
using Nines.Ingest.Series;
using Nines.Metrics.Storage;

namespace Nines.Ingest.Http;

/// <summary>
/// Copies decoded series into the storage's batch (timestamps and values side by side), reusing its
/// scratch arrays across requests, and leaves out series over the tenant's label limits. One per
/// worker; not thread-safe.
/// </summary>
internal sealed class SeriesCopier
{
    private long[] _timestamps = new long[1024];
    private double[] _values = new double[1024];

    /// <summary>What the label limits left out: series, their samples, and the first reason.</summary>
    public int RejectedSeries { get; private set; }

    public int RejectedSamples { get; private set; }

    public string? RejectedReason { get; private set; }

    public string? RejectedLimit { get; private set; }

    public void Copy(SeriesBatch source, MetricsBatch target, TenantLimits? limits = null)
    {
        target.Clear();
        RejectedSeries = 0;
        RejectedSamples = 0;
        RejectedReason = null;
        RejectedLimit = null;
        for (var i = 0; i < source.SeriesCount; i++)
        {
            var samples = source.GetSamples(i);
            if (samples.Length == 0)
            {
                continue;
            }

            var labels = source.GetLabels(i);
            if (limits is not null && IngestLimiter.CheckLabels(labels, limits, out var limit) is { } reason)
            {
                RejectedSeries++;
                RejectedSamples += samples.Length;
                RejectedReason ??= reason;
                RejectedLimit ??= limit;
                continue;
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
        }
    }
}
