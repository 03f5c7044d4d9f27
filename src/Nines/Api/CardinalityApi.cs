using System.Security.Claims;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Errors;
using Nines.Metrics.Cardinality;
using Nines.Metrics.Head;
using Nines.Metrics.Storage;

namespace Nines.Api;

/// <summary>
/// <c>/api/nines/v1/cardinality</c>: the caller's tenant's series by metric, label name and label
/// pair, ranked by series count and by churn (series created and removed in <c>window</c>), so a
/// team can find the label that exploded; <c>metric=</c> drills into one metric's labels. Computed
/// from the head index (series not yet persisted plus those still receiving samples), as
/// Prometheus' <c>/api/v1/status/tsdb</c> reports its head.
/// </summary>
internal static class CardinalityApi
{
    private const int DefaultLimit = 10;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    public static void MapCardinality(this RouteGroupBuilder api)
    {
        api.MapGet("/cardinality", GetCardinality).RequireAuthorization(NinesPolicies.Viewer)
            .WithSummary("Top metrics, label names and label pairs by series count and churn; metric= drills into one metric");
    }

    private static async Task<IResult> GetCardinality(ClaimsPrincipal user, TenantMetricsStorage metrics, string? limit, string? window, string? metric, CancellationToken ct)
    {
        var rows = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out rows) || rows < 1 || rows > HeadBlock.MaxCardinalityLimit))
        {
            return Problems.Invalid($"limit: expected a whole number from 1 to {HeadBlock.MaxCardinalityLimit}; got '{limit}'.");
        }

        var span = DefaultWindow;
        if (window is not null)
        {
            if (!Durations.TryParse(window, out span, out var error))
            {
                return Problems.Invalid($"window: {error}.");
            }

            if (span < TimeSpan.FromMinutes(1) || span > HeadBlock.MaxChurnWindow)
            {
                return Problems.Invalid($"window: must be from 1m to {Durations.Format(HeadBlock.MaxChurnWindow)} (churn is kept per minute for {Durations.Format(HeadBlock.MaxChurnWindow)}); got {window}.");
            }
        }

        var storage = await metrics.GetAsync(user.GetTenant()!, ct);
        if (metric is null)
        {
            return Results.Ok(CardinalityView.From(storage.Head.Cardinality(rows, span)));
        }

        if (metric.Length == 0)
        {
            return Problems.Invalid("metric: give a metric name to drill into, or leave the parameter out for the whole report.");
        }

        return storage.Head.DescribeMetric(metric, rows, span) is { } labels
            ? Results.Ok(MetricLabelsView.From(labels))
            : Problems.NotFound($"Metric '{metric}' (no series in the head and none removed in the last {Durations.Format(span)})");
    }
}

/// <summary>Answer of GET /cardinality: <see cref="CardinalityReport"/> with the window as a duration.</summary>
internal sealed record CardinalityView(
    long Series,
    long LabelPairs,
    string Window,
    long Created,
    long Removed,
    IReadOnlyList<MetricCardinality> MetricsBySeries,
    IReadOnlyList<MetricCardinality> MetricsByChurn,
    IReadOnlyList<LabelNameCardinality> LabelsByValues,
    IReadOnlyList<LabelNameCardinality> LabelsByChurn,
    IReadOnlyList<LabelPairCardinality> PairsBySeries,
    IReadOnlyList<LabelPairCardinality> PairsByChurn)
{
    public static CardinalityView From(CardinalityReport r) => new(
        r.Series, r.LabelPairs, Durations.Format(r.Window), r.Created, r.Removed, r.MetricsBySeries, r.MetricsByChurn,
        r.LabelsByValues, r.LabelsByChurn, r.PairsBySeries, r.PairsByChurn);
}

/// <summary>Answer of GET /cardinality?metric=: one metric's labels by distinct values.</summary>
internal sealed record MetricLabelsView(string Metric, long Series, long Created, long Removed, string Window, IReadOnlyList<MetricLabelCardinality> Labels)
{
    public static MetricLabelsView From(MetricLabels m) => new(m.Metric, m.Series, m.Created, m.Removed, Durations.Format(m.Window), m.Labels);
}
