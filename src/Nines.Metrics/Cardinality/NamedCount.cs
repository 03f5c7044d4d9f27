namespace Nines.Metrics.Cardinality;

/// <summary>A row of a head statistic: a metric, label name or <c>name=value</c> pair and its count.</summary>
public sealed record NamedCount(string Name, long Value);
