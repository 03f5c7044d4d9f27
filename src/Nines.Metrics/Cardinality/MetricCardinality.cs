namespace Nines.Metrics.Cardinality;

/// <summary>One metric: its series now, and series created and removed in the report's window.</summary>
public sealed record MetricCardinality(string Name, long Series, long Created, long Removed);
