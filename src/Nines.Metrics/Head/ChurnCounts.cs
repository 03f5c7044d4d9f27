namespace Nines.Metrics.Head;

/// <summary>Series created and removed in a window.</summary>
internal readonly record struct ChurnCounts(long Created, long Removed);
