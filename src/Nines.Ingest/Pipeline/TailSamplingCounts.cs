namespace Nines.Ingest.Pipeline;

/// <summary>One tenant's tail sampling decisions since start.</summary>
/// <param name="KeptError">Traces kept because a span had status ERROR.</param>
/// <param name="KeptSlow">Traces kept because they reached the slow threshold.</param>
/// <param name="KeptProbabilistic">Fast, successful traces kept by the probability.</param>
/// <param name="Dropped">Traces dropped.</param>
/// <param name="DroppedSpans">Spans of dropped traces, late ones included.</param>
/// <param name="DecidedEarly">Traces decided before their wait was over (holding limits reached).</param>
/// <param name="LateSpansKept">Spans that came after their trace was kept and were stored at once.</param>
/// <param name="PendingTraces">Traces held now, waiting for a decision.</param>
public sealed record TailSamplingCounts(long KeptError, long KeptSlow, long KeptProbabilistic, long Dropped, long DroppedSpans, long DecidedEarly, long LateSpansKept, int PendingTraces);
