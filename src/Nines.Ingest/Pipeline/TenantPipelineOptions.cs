using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Pipeline;

/// <summary>One tenant's sampling in place of the global one; a null part means the global part applies.</summary>
public sealed class TenantPipelineOptions
{
    /// <summary>The tenant's head sampling, or null for the global one.</summary>
    public HeadSamplingOptions? HeadSampling { get; init; }

    /// <summary>Whether the tenant's traces are tail-sampled, or null for the global switch.</summary>
    public bool? TailSamplingEnabled { get; init; }

    /// <summary>The tenant's tail sampling, or null for the global one.</summary>
    public TailSamplingOptions? TailSampling { get; init; }

    /// <summary>The tenant's log sampling, or null for the global one.</summary>
    public LogSamplingOptions? LogSampling { get; init; }
}
