namespace Nines.Metrics.Cardinality;

/// <summary>A label value and how many series have it.</summary>
public sealed record LabelValueCount(string Value, long Series);
