using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// The ingest pipeline's effective configuration and what it did since start, as one tenant sees
/// it: the answer of <c>GET /api/nines/v1/pipeline</c> and the content of the UI's pipeline page,
/// built here once so that both show the same thing.
/// </summary>
/// <param name="Tenant">The tenant whose drops and tail sampling decisions are shown.</param>
/// <param name="Redaction">Redaction settings, with counts per rule over all tenants.</param>
/// <param name="HeadSampling">Head sampling probabilities.</param>
/// <param name="TailSampling">Tail sampling settings and the tenant's decisions.</param>
/// <param name="LogSampling">Log sampling settings.</param>
/// <param name="Dropped">Items not stored for the tenant, by signal and reason.</param>
/// <param name="TenantOverrides">The sampling sections the tenant has its own settings for (<c>pipeline.tenants</c>); the sections above already show them.</param>
public sealed record PipelineReport(string Tenant, RedactionReport Redaction, HeadSamplingReport HeadSampling, TailSamplingReport TailSampling, LogSamplingReport LogSampling, IReadOnlyList<PipelineDropCount> Dropped, IReadOnlyList<string> TenantOverrides)
{
    /// <summary>Reads <paramref name="status"/> for <paramref name="tenant"/>: the settings its data goes through.</summary>
    public static PipelineReport Describe(IIngestPipelineStatus status, string tenant)
    {
        var o = status.EffectiveOptions(tenant);
        var r = o.Redaction;
        var redaction = new RedactionReport(
            r.Enabled, r.Emails, r.PaymentCards, r.BearerTokens, r.UrlPasswords,
            [.. (r.UseDefaultDenyKeys ? RedactionOptions.DefaultDenyKeys : []).Concat(r.DenyKeys)],
            [.. r.Rules.Select(x => new RedactionRuleReport(x.Name, x.Pattern, x.Replacement ?? $"[REDACTED:{x.Name}]"))],
            [.. status.Redactions().Select(c => new RedactionRuleCount(c.Key, c.Value))]);
        var head = new HeadSamplingReport(o.HeadSampling.DefaultProbability, new SortedDictionary<string, double>(o.HeadSampling.Services, StringComparer.Ordinal));
        var t = o.TailSampling;
        var tail = new TailSamplingReport(o.TailSamplingEnabled, t.DecisionWait, t.MaxTraces, t.MaxSpans, t.SlowThreshold, t.Probability, status.Tail(tenant));
        var l = o.LogSampling;
        var logs = new LogSamplingReport(l.KeepAllFromSeverity, new LogRuleReport(l.Default.Ratio, l.Default.MaxPerSecond),
            new SortedDictionary<string, LogRuleReport>(l.Services.ToDictionary(s => s.Key, s => new LogRuleReport(s.Value.Ratio, s.Value.MaxPerSecond)), StringComparer.Ordinal));
        var dropped = status.Dropped(tenant).Select(d => new PipelineDropCount(d.Signal, d.Reason, d.Count)).ToList();
        return new PipelineReport(tenant, redaction, head, tail, logs, dropped, status.Overridden(tenant));
    }
}

/// <summary>Redaction settings in effect, with counts per rule since start (all tenants).</summary>
/// <param name="Enabled">Whether redaction runs at all.</param>
/// <param name="Emails">Whether e-mail addresses are replaced.</param>
/// <param name="PaymentCards">Whether payment card numbers are replaced.</param>
/// <param name="BearerTokens">Whether bearer tokens are replaced.</param>
/// <param name="UrlPasswords">Whether passwords in URLs are replaced.</param>
/// <param name="DenyKeys">Attribute keys whose values are replaced whole: the defaults (when used), then the configured ones.</param>
/// <param name="Rules">The user-defined regex rules.</param>
/// <param name="Counts">Redactions per rule since start.</param>
public sealed record RedactionReport(bool Enabled, bool Emails, bool PaymentCards, bool BearerTokens, bool UrlPasswords,
    IReadOnlyList<string> DenyKeys, IReadOnlyList<RedactionRuleReport> Rules, IReadOnlyList<RedactionRuleCount> Counts);

/// <summary>A user-defined redaction rule.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="Pattern">Its regular expression.</param>
/// <param name="Replacement">What a match is replaced with.</param>
public sealed record RedactionRuleReport(string Name, string Pattern, string Replacement);

/// <summary>Redactions made by one rule.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Count">Values it replaced since start.</param>
public sealed record RedactionRuleCount(string Rule, long Count);

/// <summary>Head sampling probabilities.</summary>
/// <param name="DefaultProbability">Probability of keeping a trace of a service not listed.</param>
/// <param name="Services">Probability per service, by name.</param>
public sealed record HeadSamplingReport(double DefaultProbability, IReadOnlyDictionary<string, double> Services);

/// <summary>Tail sampling settings and the tenant's decisions (null before any).</summary>
/// <param name="Enabled">Whether tail sampling runs.</param>
/// <param name="DecisionWait">How long a trace is held before it is decided.</param>
/// <param name="MaxTraces">Traces held at most.</param>
/// <param name="MaxSpans">Spans held at most.</param>
/// <param name="SlowThreshold">A trace this long or longer is kept.</param>
/// <param name="Probability">Probability of keeping a fast, successful trace.</param>
/// <param name="Counts">The tenant's decisions; null when none were made or tail sampling is off.</param>
public sealed record TailSamplingReport(bool Enabled, TimeSpan DecisionWait, int MaxTraces, int MaxSpans, TimeSpan SlowThreshold, double Probability, TailSamplingCounts? Counts);

/// <summary>Log sampling settings.</summary>
/// <param name="KeepAllFromSeverity">OTLP severity number from which every record is kept.</param>
/// <param name="Default">The rule for services not listed.</param>
/// <param name="Services">Rules per service, by name.</param>
public sealed record LogSamplingReport(int KeepAllFromSeverity, LogRuleReport Default, IReadOnlyDictionary<string, LogRuleReport> Services);

/// <summary>One log sampling rule.</summary>
/// <param name="Ratio">Share of records kept.</param>
/// <param name="MaxPerSecond">Records kept per second at most; 0 is no limit.</param>
public sealed record LogRuleReport(double Ratio, int MaxPerSecond);

/// <summary>Items not stored for the tenant, for one signal and reason.</summary>
/// <param name="Signal"><c>spans</c> or <c>logs</c>.</param>
/// <param name="Reason">One of <see cref="PipelineDropReason"/>'s values.</param>
/// <param name="Count">Items dropped since start.</param>
public sealed record PipelineDropCount(string Signal, string Reason, long Count);
