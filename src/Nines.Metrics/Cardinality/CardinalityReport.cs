namespace Nines.Metrics.Cardinality;

/// <summary>
/// Cardinality of a head: how many series, and the top metrics, label names and label pairs by
/// series count and by churn (series created and removed in <see cref="Window"/>).
/// </summary>
/// <param name="Series">Series in the head.</param>
/// <param name="LabelPairs">Distinct label name/value pairs in the head.</param>
/// <param name="Window">The churn window (whole minutes).</param>
/// <param name="Created">Series created in the window.</param>
/// <param name="Removed">Series removed from the head (head truncation) in the window.</param>
/// <param name="MetricsBySeries">Metrics with the most series.</param>
/// <param name="MetricsByChurn">Metrics with the most series created plus removed in the window.</param>
/// <param name="LabelsByValues">Label names with the most distinct values.</param>
/// <param name="LabelsByChurn">Label names carried by the most series created plus removed in the window.</param>
/// <param name="PairsBySeries">Label pairs with the most series.</param>
/// <param name="PairsByChurn">Label pairs with the most series created in the window that are still in the head.</param>
public sealed record CardinalityReport(
    long Series,
    long LabelPairs,
    TimeSpan Window,
    long Created,
    long Removed,
    IReadOnlyList<MetricCardinality> MetricsBySeries,
    IReadOnlyList<MetricCardinality> MetricsByChurn,
    IReadOnlyList<LabelNameCardinality> LabelsByValues,
    IReadOnlyList<LabelNameCardinality> LabelsByChurn,
    IReadOnlyList<LabelPairCardinality> PairsBySeries,
    IReadOnlyList<LabelPairCardinality> PairsByChurn);
