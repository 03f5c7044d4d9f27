namespace Nines.Metrics.Cardinality;

/// <summary>
/// One label name within one metric: distinct values, series carrying it, distinct values among the
/// series created in the window (an exploding label brings a new value with almost every new
/// series), and its values with the most series.
/// </summary>
public sealed record MetricLabelCardinality(string Name, long Values, long Series, long NewValues, IReadOnlyList<LabelValueCount> TopValues);
