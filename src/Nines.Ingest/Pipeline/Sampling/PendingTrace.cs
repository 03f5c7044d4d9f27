using Nines.Events;

namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>Spans of one undecided trace and the timestamp at which it is due. Owned by <see cref="TailSampler"/> under its lock.</summary>
internal sealed class PendingTrace(long deadline)
{
    public long Deadline { get; } = deadline;

    public List<SpanRecord> Spans { get; } = [];
}
