using System.ComponentModel;
using Nines.Ingest.Pipeline;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Configuration;

/// <summary>
/// Section <c>pipeline</c>: what ingest does between decoding and storing — redaction, then head,
/// tail and log sampling (docs/pipeline.md). Applies to every tenant.
/// </summary>
public sealed class PipelineOptions
{
    /// <summary>Redaction of secrets and personal data.</summary>
    [Description("Redaction of e-mail addresses, card numbers, bearer tokens, passwords in URLs and denied keys from label values, span and log attributes and log bodies, before anything is written. See [pipeline.md](pipeline.md).")]
    public RedactionSection Redaction { get; set; } = new();

    /// <summary>Head sampling of spans.</summary>
    [Description("Head sampling: the share of traces stored, per service, decided from the trace id as spans arrive.")]
    public HeadSamplingSection HeadSampling { get; set; } = new();

    /// <summary>Tail sampling of traces.</summary>
    [Description("Tail sampling: hold each trace for a decision window, keep errors and slow traces and a share of the rest. Held spans are journaled before they are acknowledged, so a crash loses none: see [pipeline.md](pipeline.md).")]
    public TailSamplingSection TailSampling { get; set; } = new();

    /// <summary>Log sampling.</summary>
    [Description("Log sampling: records at or above a severity are kept; below it, a ratio and a per-second cap per service.")]
    public LogSamplingSection LogSampling { get; set; } = new();

    /// <summary>Per-tenant sampling overrides.</summary>
    [Description("Per tenant, sampling keys that differ from the ones above, like `{team-a: {tail_sampling: {enabled: true, probability: 0.05}}}`; keys not written keep the global value. Redaction is global. Set in the file only.")]
    [ConfigCustom]
    public Dictionary<string, TenantPipelineSection> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>These options as the ingest module's; <paramref name="journalDirectory"/> is where tail sampling journals held spans.</summary>
    public IngestPipelineOptions ToIngest(string? journalDirectory = null) => new()
    {
        JournalDirectory = journalDirectory,
        Redaction = new Ingest.Pipeline.Redaction.RedactionOptions
        {
            Enabled = Redaction.Enabled,
            Emails = Redaction.Emails,
            PaymentCards = Redaction.PaymentCards,
            BearerTokens = Redaction.BearerTokens,
            UrlPasswords = Redaction.UrlPasswords,
            UseDefaultDenyKeys = Redaction.UseDefaultDenyKeys,
            DenyKeys = [.. Redaction.DenyKeys],
            Rules = [.. Redaction.Rules],
        },
        HeadSampling = Convert(HeadSampling),
        TailSamplingEnabled = TailSampling.Enabled,
        TailSampling = Convert(TailSampling),
        LogSampling = Convert(LogSampling),
        Tenants = Tenants.ToDictionary(t => t.Key, t => ToIngest(t.Value), StringComparer.Ordinal),
    };

    private const string Head = "head_sampling";
    private const string Tail = "tail_sampling";
    private const string Logs = "log_sampling";

    private TenantPipelineOptions ToIngest(TenantPipelineSection tenant)
    {
        var tail = tenant.Overrides(Tail) ? tenant.Merge(Tail, TailSampling, tenant.TailSampling) : null;
        return new TenantPipelineOptions
        {
            HeadSampling = tenant.Overrides(Head) ? Convert(tenant.Merge(Head, HeadSampling, tenant.HeadSampling)) : null,
            TailSamplingEnabled = tail?.Enabled,
            TailSampling = tail is null ? null : Convert(tail),
            LogSampling = tenant.Overrides(Logs) ? Convert(tenant.Merge(Logs, LogSampling, tenant.LogSampling)) : null,
        };
    }

    private static HeadSamplingOptions Convert(HeadSamplingSection head) => new()
    {
        DefaultProbability = head.DefaultProbability,
        Services = new Dictionary<string, double>(head.Services, StringComparer.Ordinal),
    };

    private static TailSamplingOptions Convert(TailSamplingSection tail) => new()
    {
        DecisionWait = tail.DecisionWait,
        MaxTraces = tail.MaxTraces,
        MaxSpans = tail.MaxSpans,
        SlowThreshold = tail.SlowThreshold,
        Probability = tail.Probability,
        TickInterval = tail.TickInterval,
    };

    private static LogSamplingOptions Convert(LogSamplingSection logs) => new()
    {
        KeepAllFromSeverity = logs.KeepAllFromSeverity,
        Default = new LogSamplingRule { Ratio = logs.DefaultRatio, MaxPerSecond = logs.DefaultMaxPerSecond },
        Services = new Dictionary<string, LogSamplingRule>(logs.Services, StringComparer.Ordinal),
    };
}
