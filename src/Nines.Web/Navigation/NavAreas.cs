namespace Nines.Web.Navigation;

/// <summary>Every area of the UI, in navigation order. The single list the menu and the placeholder page read.</summary>
internal static class NavAreas
{
    public static IReadOnlyList<NavArea> All { get; } =
    [
        new("/", "Overview", NavGroup.Main, Built: true,
            "What this tenant has today and how to send it telemetry."),
        new("/explore", "Metrics explorer", NavGroup.Main, Built: true,
            "Query metrics with PromQL, graph them over any range, and jump from a spike to the exemplar traces behind it."),
        new("/cardinality", "Cardinality", NavGroup.Main, Built: true,
            "Which metrics, labels and label values hold this tenant's series, and which grew or churned lately: find the label that exploded."),
        new("/limits", "Limits", NavGroup.Main, Built: true,
            "This tenant's ingest limits, what it uses now against them, and what they refused; admins change the overrides."),
        new("/pipeline", "Pipeline", NavGroup.Main, Built: true,
            "What the ingest pipeline redacts and samples away before storing, and how much it dropped for this tenant."),
        new("/logs", "Logs", NavGroup.Main, Built: false,
            "Search logs with a LogQL subset, follow a live tail, and open the trace of any line that carries a trace id.",
            "the events store issue (Nines.Events, DuckDB) with the ingest issue (Loki push, OTLP logs) and the query issue (LogQL)",
            "Logs are accepted and stored (Loki push at /loki/api/v1/push, OTLP /v1/logs on 4317/4318); searching them here comes with the query issue's LogQL."),
        new("/traces", "Traces", NavGroup.Main, Built: false,
            "Find traces by service, operation, duration and attributes; read them as a waterfall with the matching logs inline.",
            "the events store issue (Nines.Events) with the ingest issue (OTLP and Zipkin) and the query issue (trace search)",
            "Spans are accepted and stored (OTLP on 4317/4318, Zipkin at /api/v2/spans); trace search and the waterfall come with the query issue."),
        new("/slos", "SLOs", NavGroup.Main, Built: false,
            "Define service level objectives (or import OpenSLO and Sloth files), watch error budgets and burn rates, and generate multi-window burn-rate alerts.",
            "the SLO issue (Nines.Slo)",
            "SLOs need stored metrics first; nothing to show yet."),
        new("/alerts", "Alerts", NavGroup.Main, Built: false,
            "Rule and burn-rate alerts with Alertmanager-compatible routing, grouping, silences and inhibition; Alertmanager clients work unchanged.",
            "the alerting issue (Nines.Alerting)",
            "No rules are evaluated yet, and the Alertmanager API (/api/v2) is not served."),
        new("/oncall", "On-call", NavGroup.Main, Built: false,
            "Schedules, rotations and overrides; escalation policies; who is on call now; pages sent and acknowledged.",
            "the on-call issue (Nines.OnCall)",
            "Nobody is paged yet: alerts and schedules come first."),
        new("/incidents", "Incidents", NavGroup.Main, Built: false,
            "Declare an incident, set severity and roles, and work it from a timeline built from events (alerts, pages, deploys, changes), not typed by hand.",
            "the incidents issue (Nines.Incidents)",
            "Changes made today are already recorded in the audit log, which the timeline will draw on."),
        new("/status-pages", "Status page", NavGroup.Main, Built: false,
            "Public status pages fed by health checks and incidents: the only anonymous pages besides the health endpoints.",
            "the incidents issue (Nines.Incidents: status page and health checks)",
            "No status page is published yet."),
        new("/postmortems", "Post-mortems", NavGroup.Main, Built: false,
            "Post-mortems drafted from the incident timeline, with action items tracked until they are done.",
            "the incidents issue (Nines.Incidents: post-mortems and action items)",
            "Post-mortems follow incidents; nothing to show yet."),

        new("/gateway", "Gateway", NavGroup.Later, Built: false,
            "A reverse proxy whose canary releases are gated by the error-budget policy.",
            "a later issue (Nines.Gateway)", "Not started."),
        new("/flags", "Feature flags", NavGroup.Later, Built: false,
            "Feature flags whose every change is an event on the incident timeline.",
            "a later issue (Nines.Flags)", "Not started."),
        new("/load-tests", "Load tests", NavGroup.Later, Built: false,
            "Load tests run from Nines, with the SLOs they put at risk watched while they run.",
            "a later issue (Nines.Load)", "Not started."),
        new("/chaos", "Chaos", NavGroup.Later, Built: false,
            "Chaos experiments that abort by themselves when an error budget burns too fast.",
            "a later issue (Nines.Chaos)", "Not started."),
        new("/backups", "Backups", NavGroup.Later, Built: false,
            "Backups of Nines' own data directory and store, with restores that are tested, not hoped for.",
            "a later issue (Nines.Recovery)", "Not started."),
        new("/capacity", "Capacity", NavGroup.Later, Built: false,
            "Capacity forecasts from the stored metrics: when a resource runs out at today's growth.",
            "a later issue (Nines.Capacity)", "Not started."),
        new("/cost", "Cost", NavGroup.Later, Built: false,
            "Cost per request and per service, next to the reliability it buys.",
            "a later issue (Nines.Cost)", "Not started."),
        new("/catalog", "Catalog", NavGroup.Later, Built: false,
            "A catalogue of services with their owners, SLOs, on-call schedules and runbooks.",
            "a later issue (Nines.Catalog)", "Not started."),

        new("/admin/users", "Users", NavGroup.Admin, Built: true,
            "Members of this tenant, their roles, and invitations."),
        new("/admin/tokens", "API tokens", NavGroup.Admin, Built: true,
            "Tokens for scripts, CI and telemetry exporters."),
        new("/admin/audit", "Audit log", NavGroup.Admin, Built: true,
            "Every change made in this tenant, by whom, with the before and after."),
    ];

    /// <summary>The area at <paramref name="path"/> (no query), or null.</summary>
    public static NavArea? Find(string path)
    {
        foreach (var area in All)
        {
            if (string.Equals(area.Href, path, StringComparison.OrdinalIgnoreCase))
            {
                return area;
            }
        }

        return null;
    }
}
