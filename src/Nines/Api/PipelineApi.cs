using System.Security.Claims;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Ingest.Pipeline;

namespace Nines.Api;

/// <summary>
/// <c>GET /api/nines/v1/pipeline</c>: the ingest pipeline's effective configuration (redaction,
/// head, tail and log sampling) and what it did since start — redactions per rule (over all
/// tenants), and the caller's tenant's drops per signal and reason and tail sampling decisions.
/// </summary>
internal static class PipelineApi
{
    public static void MapPipeline(this RouteGroupBuilder api) =>
        api.MapGet("/pipeline", GetPipeline).RequireAuthorization(NinesPolicies.Viewer)
            .WithSummary("The ingest pipeline's configuration and counters (redactions, sampling drops) for the tenant");

    private static PipelineView GetPipeline(ClaimsPrincipal user, IIngestPipelineStatus status)
    {
        var tenant = user.GetTenant()!;
        var o = status.Options;
        var redaction = new RedactionView(
            o.Redaction.Enabled, o.Redaction.Emails, o.Redaction.PaymentCards, o.Redaction.BearerTokens, o.Redaction.UrlPasswords,
            [.. (o.Redaction.UseDefaultDenyKeys ? Ingest.Pipeline.Redaction.RedactionOptions.DefaultDenyKeys : []).Concat(o.Redaction.DenyKeys)],
            [.. o.Redaction.Rules.Select(r => new RedactionRuleView(r.Name, r.Pattern, r.Replacement ?? $"[REDACTED:{r.Name}]"))],
            [.. status.Redactions().Select(c => new RuleCount(c.Key, c.Value))]);
        var head = new HeadSamplingView(o.HeadSampling.DefaultProbability, new SortedDictionary<string, double>(o.HeadSampling.Services, StringComparer.Ordinal));
        var t = o.TailSampling;
        var tail = new TailSamplingView(o.TailSamplingEnabled, Durations.Format(t.DecisionWait), t.MaxTraces, t.MaxSpans,
            Durations.Format(t.SlowThreshold), t.Probability, status.Tail(tenant));
        var l = o.LogSampling;
        var logs = new LogSamplingView(l.KeepAllFromSeverity, new LogRuleView(l.Default.Ratio, l.Default.MaxPerSecond),
            new SortedDictionary<string, LogRuleView>(l.Services.ToDictionary(s => s.Key, s => new LogRuleView(s.Value.Ratio, s.Value.MaxPerSecond)), StringComparer.Ordinal));
        var dropped = status.Dropped(tenant).Select(d => new DropView(d.Signal, d.Reason, d.Count)).ToList();
        return new PipelineView(tenant, redaction, head, tail, logs, dropped);
    }
}

/// <summary>Answer of GET /pipeline.</summary>
internal sealed record PipelineView(string Tenant, RedactionView Redaction, HeadSamplingView HeadSampling, TailSamplingView TailSampling, LogSamplingView LogSampling, IReadOnlyList<DropView> Dropped);

/// <summary>Redaction settings in effect, with counts per rule since start (all tenants).</summary>
internal sealed record RedactionView(bool Enabled, bool Emails, bool PaymentCards, bool BearerTokens, bool UrlPasswords,
    IReadOnlyList<string> DenyKeys, IReadOnlyList<RedactionRuleView> Rules, IReadOnlyList<RuleCount> Counts);

/// <summary>A user-defined redaction rule.</summary>
internal sealed record RedactionRuleView(string Name, string Pattern, string Replacement);

/// <summary>Redactions made by one rule.</summary>
internal sealed record RuleCount(string Rule, long Count);

/// <summary>Head sampling probabilities.</summary>
internal sealed record HeadSamplingView(double DefaultProbability, IReadOnlyDictionary<string, double> Services);

/// <summary>Tail sampling settings and the tenant's decisions (null before any).</summary>
internal sealed record TailSamplingView(bool Enabled, string DecisionWait, int MaxTraces, int MaxSpans, string SlowThreshold, double Probability, TailSamplingCounts? Counts);

/// <summary>Log sampling settings.</summary>
internal sealed record LogSamplingView(int KeepAllFromSeverity, LogRuleView Default, IReadOnlyDictionary<string, LogRuleView> Services);

/// <summary>One log sampling rule.</summary>
internal sealed record LogRuleView(double Ratio, int MaxPerSecond);

/// <summary>Items not stored for the tenant, by signal and reason.</summary>
internal sealed record DropView(string Signal, string Reason, long Count);
