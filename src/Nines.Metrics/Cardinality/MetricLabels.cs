namespace Nines.Metrics.Cardinality;

/// <summary>
/// Drill-down into one metric: its series and churn, and its label names by distinct values, so
/// the label that multiplies the metric's series is first.
/// </summary>
public sealed record MetricLabels(string Metric, long Series, long Created, long Removed, TimeSpan Window, IReadOnlyList<MetricLabelCardinality> Labels);
