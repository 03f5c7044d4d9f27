namespace Nines.Ingest.Pipeline;

/// <summary>The ingest pipeline's effective configuration and counts since start, for the pipeline API and UI.</summary>
public interface IIngestPipelineStatus
{
    /// <summary>The configuration in effect (global, with every tenant's overrides in <see cref="IngestPipelineOptions.Tenants"/>).</summary>
    IngestPipelineOptions Options { get; }

    /// <summary>The configuration <paramref name="tenant"/>'s data goes through: its overrides in place of the global parts.</summary>
    IngestPipelineOptions EffectiveOptions(string tenant);

    /// <summary>The sections (<c>head_sampling</c>, <c>tail_sampling</c>, <c>log_sampling</c>) <paramref name="tenant"/> has its own settings for.</summary>
    IReadOnlyList<string> Overridden(string tenant);

    /// <summary>Redactions per rule since start, over all tenants (<c>key</c>, <c>card</c>, then the regex rules).</summary>
    IReadOnlyList<KeyValuePair<string, long>> Redactions();

    /// <summary>What sampling did not store for <paramref name="tenant"/>, by signal and reason.</summary>
    IReadOnlyList<PipelineDrop> Dropped(string tenant);

    /// <summary><paramref name="tenant"/>'s tail sampling decisions; null when none were made or tail sampling is off.</summary>
    TailSamplingCounts? Tail(string tenant);
}
