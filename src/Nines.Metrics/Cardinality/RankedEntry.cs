namespace Nines.Metrics.Cardinality;

/// <summary>A candidate row of a cardinality table while the top rows are chosen.</summary>
internal readonly record struct RankedEntry(long Rank, string Key, string SecondKey, long Series, long Values, long Created, long Removed) : IRanked;
