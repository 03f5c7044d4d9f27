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
    [Description("Tail sampling: hold each trace for a decision window, keep errors and slow traces and a share of the rest. Held traces are in memory: see [pipeline.md](pipeline.md) for what a crash loses.")]
    public TailSamplingSection TailSampling { get; set; } = new();

    /// <summary>Log sampling.</summary>
    [Description("Log sampling: records at or above a severity are kept; below it, a ratio and a per-second cap per service.")]
    public LogSamplingSection LogSampling { get; set; } = new();

    /// <summary>These options as the ingest module's.</summary>
    public IngestPipelineOptions ToIngest() => new()
    {
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
        HeadSampling = new HeadSamplingOptions
        {
            DefaultProbability = HeadSampling.DefaultProbability,
            Services = new Dictionary<string, double>(HeadSampling.Services, StringComparer.Ordinal),
        },
        TailSamplingEnabled = TailSampling.Enabled,
        TailSampling = new TailSamplingOptions
        {
            DecisionWait = TailSampling.DecisionWait,
            MaxTraces = TailSampling.MaxTraces,
            MaxSpans = TailSampling.MaxSpans,
            SlowThreshold = TailSampling.SlowThreshold,
            Probability = TailSampling.Probability,
            TickInterval = TailSampling.TickInterval,
        },
        LogSampling = new LogSamplingOptions
        {
            KeepAllFromSeverity = LogSampling.KeepAllFromSeverity,
            Default = new LogSamplingRule { Ratio = LogSampling.DefaultRatio, MaxPerSecond = LogSampling.DefaultMaxPerSecond },
            Services = new Dictionary<string, LogSamplingRule>(LogSampling.Services, StringComparer.Ordinal),
        },
    };
}
