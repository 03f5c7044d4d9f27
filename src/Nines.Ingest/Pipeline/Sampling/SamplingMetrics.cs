using System.Diagnostics.Metrics;

namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>
/// Exports the samplers' counters (see docs/pipeline.md), summed over the global and the tenants'
/// own samplers; a sampler kind that is not configured is passed as null.
/// </summary>
internal sealed class SamplingMetrics
{
    public SamplingMetrics(IMeterFactory meters, IReadOnlyList<HeadSampler>? heads, TailSampler? tail, IReadOnlyList<LogSampler>? logSamplers)
    {
        var meter = meters.Create(IngestMetrics.MeterName);
        if (heads is not null)
        {
            meter.CreateObservableCounter("nines.ingest.head_sampling.spans", () => new[]
            {
                Decision(Sum(heads, static h => h.Kept), "kept"),
                Decision(Sum(heads, static h => h.Dropped), "dropped"),
            }, unit: "{span}", description: "Spans kept or dropped by head sampling.");
        }

        if (tail is not null)
        {
            meter.CreateObservableCounter("nines.ingest.tail_sampling.traces", () => new[]
            {
                Decision(tail.KeptError, "kept_error"),
                Decision(tail.KeptSlow, "kept_slow"),
                Decision(tail.KeptProbabilistic, "kept_probabilistic"),
                Decision(tail.Dropped, "dropped"),
            }, unit: "{trace}", description: "Traces decided by tail sampling, by the policy that kept them or dropped.");
            meter.CreateObservableCounter("nines.ingest.tail_sampling.dropped_spans", () => tail.DroppedSpans, unit: "{span}",
                description: "Spans dropped by tail sampling, late spans of dropped traces included.");
            meter.CreateObservableCounter("nines.ingest.tail_sampling.decided_early", () => tail.DecidedEarly, unit: "{trace}",
                description: "Traces decided before their wait was over because max_traces or max_spans was reached.");
            meter.CreateObservableGauge("nines.ingest.tail_sampling.pending_traces", () => tail.PendingTraces, unit: "{trace}",
                description: "Traces held by tail sampling, waiting for a decision.");
        }

        if (logSamplers is not null)
        {
            meter.CreateObservableCounter("nines.ingest.log_sampling.records", () => new[]
            {
                Decision(Sum(logSamplers, static l => l.Kept), "kept"),
                Decision(Sum(logSamplers, static l => l.DroppedRatio), "dropped_ratio"),
                Decision(Sum(logSamplers, static l => l.DroppedRate), "dropped_rate"),
            }, unit: "{record}", description: "Log records kept or dropped by log sampling.");
        }
    }

    private static long Sum<T>(IReadOnlyList<T> samplers, Func<T, long> count)
    {
        long total = 0;
        foreach (var s in samplers)
        {
            total += count(s);
        }

        return total;
    }

    private static Measurement<long> Decision(long value, string decision) =>
        new(value, new KeyValuePair<string, object?>("decision", decision));
}
