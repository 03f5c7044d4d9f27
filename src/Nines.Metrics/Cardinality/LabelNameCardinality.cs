namespace Nines.Metrics.Cardinality;

/// <summary>One label name: its distinct values and the series carrying it now, and series carrying it created and removed in the window.</summary>
public sealed record LabelNameCardinality(string Name, long Values, long Series, long Created, long Removed);
