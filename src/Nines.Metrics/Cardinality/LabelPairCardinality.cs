namespace Nines.Metrics.Cardinality;

/// <summary>One label pair: its series now, and how many of them were created in the window.</summary>
public sealed record LabelPairCardinality(string Name, string Value, long Series, long Created);
