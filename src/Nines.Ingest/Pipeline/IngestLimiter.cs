using System.Collections.Concurrent;
using System.Globalization;
using Nines.Core.Limits;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// Applies a tenant's limits on the ingest path: rate limits per signal (a debt-allowing token
/// bucket per tenant and signal) and per-series label limits. Counts every refusal per tenant.
/// Rate refusals are 429 with Retry-After (the same request passes later); label refusals are
/// 400 (it never will), as Mimir answers them.
/// </summary>
internal sealed class IngestLimiter(ITenantLimitsSource limits, IngestMetrics metrics, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, IngestSignal Signal), TokenBucket> _buckets = new();

    public IngestMetrics Metrics => metrics;

    public TenantLimits For(string tenant) => limits.For(tenant);

    /// <summary>Takes <paramref name="count"/> items from the tenant's budget, or says which limit refused them.</summary>
    public LimitViolation? TryTakeRate(string tenant, IngestSignal signal, long count)
    {
        var tenantLimits = limits.For(tenant);
        var (key, rate, burst) = signal switch
        {
            IngestSignal.Samples => (TenantLimits.SamplesPerSecond, tenantLimits[TenantLimits.SamplesPerSecond], tenantLimits[TenantLimits.SamplesBurst]),
            IngestSignal.Spans => (TenantLimits.SpansPerSecond, tenantLimits[TenantLimits.SpansPerSecond], 0L),
            _ => (TenantLimits.LogsPerSecond, tenantLimits[TenantLimits.LogsPerSecond], 0L),
        };
        if (rate <= 0 || count <= 0)
        {
            return null;
        }

        if (burst <= 0)
        {
            burst = signal == IngestSignal.Samples ? rate * 10 : rate;
        }

        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd((tenant, signal), static (_, s) => new TokenBucket(s.rate, s.burst, s.now), (rate: (double)rate, burst: (double)burst, now));
        if (bucket.TryTake(count, rate, burst, now, time.TimestampFrequency, out var retryAfter))
        {
            return null;
        }

        metrics.Rejected(tenant, signal, key, count);
        var what = signal switch { IngestSignal.Samples => "samples", IngestSignal.Spans => "spans", _ => "log records" };
        return new LimitViolation(key,
            string.Create(CultureInfo.InvariantCulture, $"Tenant '{tenant}' is over its ingestion rate limit {key} ({rate}/s); this request's {count} {what} were not stored. Retry later, or raise the limit (PUT /api/nines/v1/limits)."),
            retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
    }

    /// <summary>Null when the series is within the tenant's label limits, else a message naming the limit.</summary>
    public static string? CheckLabels(LabelSet labels, TenantLimits tenantLimits, out string limit)
    {
        limit = "";
        var maxNames = tenantLimits[TenantLimits.MaxLabelNamesPerSeries];
        if (maxNames > 0 && labels.Count > maxNames)
        {
            limit = TenantLimits.MaxLabelNamesPerSeries;
            return string.Create(CultureInfo.InvariantCulture, $"series {Describe(labels)} has {labels.Count} labels, over the limit {TenantLimits.MaxLabelNamesPerSeries} ({maxNames})");
        }

        var maxName = tenantLimits[TenantLimits.MaxLabelNameLength];
        var maxValue = tenantLimits[TenantLimits.MaxLabelValueLength];
        for (var i = 0; i < labels.Count; i++)
        {
            var name = labels.NameAt(i);
            if (maxName > 0 && name.Length > maxName)
            {
                limit = TenantLimits.MaxLabelNameLength;
                return string.Create(CultureInfo.InvariantCulture, $"series {Describe(labels)} has a label name of {name.Length} characters, over the limit {TenantLimits.MaxLabelNameLength} ({maxName})");
            }

            var value = labels.ValueAt(i);
            if (maxValue > 0 && value.Length > maxValue)
            {
                limit = TenantLimits.MaxLabelValueLength;
                return string.Create(CultureInfo.InvariantCulture, $"series {Describe(labels)} has label {name} with a value of {value.Length} characters, over the limit {TenantLimits.MaxLabelValueLength} ({maxValue})");
            }
        }

        return null;
    }

    // The metric name and the first labels, short enough for a response body and a log line.
    private static string Describe(LabelSet labels)
    {
        var text = labels.ToString();
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
    }
}
