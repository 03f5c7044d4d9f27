using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Pipeline;

/// <summary>The samplers one tenant's spans and log records go through: the global ones, or the tenant's own (<c>pipeline.tenants</c>).</summary>
internal sealed class SamplingPolicy(IngestPipelineOptions options, TimeProvider time)
{
    /// <summary>The options in effect for the tenant(s) of this policy.</summary>
    public IngestPipelineOptions Options { get; } = options;

    public HeadSampler Head { get; } = new(options.HeadSampling);

    public LogSampler Logs { get; } = new(options.LogSampling, time);

    /// <summary>Spans are held per trace for a decision instead of stored as they arrive.</summary>
    public bool TailEnabled => Options.TailSamplingEnabled;
}
