using System.Diagnostics.Metrics;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// The pipeline's per-tenant counters on <c>/metrics</c>: <c>nines_pipeline_dropped_total{tenant,signal,reason}</c>
/// for everything sampling did not store, and tail sampling's decisions and held traces per tenant.
/// Observed at scrape time from the pipeline's own counts (plain interlocked adds on the hot path).
/// </summary>
internal sealed class PipelineMetrics
{
    public PipelineMetrics(IMeterFactory meters, IngestPipeline pipeline)
    {
        // The components' own exporters: redactions per rule, head and log sampling decisions (process-wide).
        _ = new Redaction.RedactionMetrics(meters, pipeline.Redactor);
        _ = new SamplingMetrics(meters, [.. pipeline.Policies.Select(p => p.Head)], null, [.. pipeline.Policies.Select(p => p.Logs)]);
        var meter = meters.Create(IngestMetrics.MeterName);
        meter.CreateObservableCounter("nines.pipeline.dropped", () => Dropped(pipeline), unit: "{item}",
            description: "Spans and log records the ingest pipeline did not store, by tenant, signal and reason (head_sampling, tail_sampling, log_sampling_ratio, log_sampling_rate, tail_sampling_queue_full).");
        meter.CreateObservableCounter("nines.ingest.tail_sampling.traces", () => Decisions(pipeline), unit: "{trace}",
            description: "Traces decided by tail sampling, by tenant and the policy that kept them, or dropped.");
        meter.CreateObservableGauge("nines.ingest.tail_sampling.pending_traces", () => Pending(pipeline), unit: "{trace}",
            description: "Traces held by tail sampling, waiting for a decision, by tenant (journaled, so a crash does not lose them; see docs/pipeline.md).");
    }

    private static IEnumerable<Measurement<long>> Dropped(IngestPipeline pipeline)
    {
        foreach (var drop in pipeline.Dropped())
        {
            yield return new Measurement<long>(drop.Count, new("tenant", drop.Tenant), new("signal", drop.Signal), new("reason", drop.Reason));
        }
    }

    private static IEnumerable<Measurement<long>> Decisions(IngestPipeline pipeline)
    {
        foreach (var (tenant, sampler) in pipeline.TailSamplers)
        {
            yield return Decision(tenant, sampler.KeptError, "kept_error");
            yield return Decision(tenant, sampler.KeptSlow, "kept_slow");
            yield return Decision(tenant, sampler.KeptProbabilistic, "kept_probabilistic");
            yield return Decision(tenant, sampler.Dropped, "dropped");
        }
    }

    private static IEnumerable<Measurement<int>> Pending(IngestPipeline pipeline)
    {
        foreach (var (tenant, sampler) in pipeline.TailSamplers)
        {
            yield return new Measurement<int>(sampler.PendingTraces, new KeyValuePair<string, object?>("tenant", tenant));
        }
    }

    private static Measurement<long> Decision(string tenant, long value, string decision) =>
        new(value, new("tenant", tenant), new("decision", decision));
}
