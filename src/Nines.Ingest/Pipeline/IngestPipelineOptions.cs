using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Pipeline;

/// <summary>What the ingest pipeline does between decoding a request and storing it: redaction, then sampling (see docs/pipeline.md).</summary>
public sealed class IngestPipelineOptions
{
    /// <summary>Redaction of label values, attribute values and log bodies; on by default.</summary>
    public RedactionOptions Redaction { get; init; } = new();

    /// <summary>Head sampling of spans per service; the default keeps everything.</summary>
    public HeadSamplingOptions HeadSampling { get; init; } = new();

    /// <summary>Tail sampling of traces; used only when <see cref="TailSamplingEnabled"/>.</summary>
    public TailSamplingOptions TailSampling { get; init; } = new();

    /// <summary>Hold traces for a decision (off by default: every span is stored as it arrives).</summary>
    public bool TailSamplingEnabled { get; init; }

    /// <summary>Log sampling by severity and service; the default keeps everything.</summary>
    public LogSamplingOptions LogSampling { get; init; } = new();

    /// <summary>Where tail sampling journals held spans so a crash loses none (null: held spans are in memory only).</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>Per-tenant sampling in place of the global one (redaction is global).</summary>
    public IReadOnlyDictionary<string, TenantPipelineOptions> Tenants { get; init; } = new Dictionary<string, TenantPipelineOptions>(StringComparer.Ordinal);

    /// <summary>Throws with the setting's name when a part is unusable.</summary>
    public void Validate()
    {
        Redaction.Validate();
        HeadSampling.Validate();
        TailSampling.Validate();
        LogSampling.Validate();
        foreach (var tenant in Tenants.Values)
        {
            tenant.HeadSampling?.Validate();
            tenant.TailSampling?.Validate();
            tenant.LogSampling?.Validate();
        }
    }

    /// <summary>These options as <paramref name="tenant"/> gets them: its overrides in place of the global parts.</summary>
    public IngestPipelineOptions For(string tenant) => Tenants.TryGetValue(tenant, out var t)
        ? new IngestPipelineOptions
        {
            Redaction = Redaction,
            JournalDirectory = JournalDirectory,
            HeadSampling = t.HeadSampling ?? HeadSampling,
            TailSamplingEnabled = t.TailSamplingEnabled ?? TailSamplingEnabled,
            TailSampling = t.TailSampling ?? TailSampling,
            LogSampling = t.LogSampling ?? LogSampling,
        }
        : this;
}
