using Nines.Metrics.Storage;

namespace Nines.Metrics.Wal;

/// <summary>
/// One appender's encoded records waiting for group commit. The appender owns it until enqueued;
/// then the writer owns <see cref="Buffer"/> (returns it to the pool once written) and completes
/// <see cref="Completion"/> after the fsync that made the records durable.
/// </summary>
internal sealed class WalWriteRequest
{
    public WalWriteRequest(RecordBuffer buffer, MetricsBatch? batch)
    {
        Buffer = buffer;
        Batch = batch;
    }

    public RecordBuffer Buffer { get; }

    /// <summary>
    /// A control request instead of data: run on the writer thread after every earlier request is
    /// durable and applied, then a new segment is cut; receives the new segment's index.
    /// </summary>
    public Action<int>? Control { get; init; }

    /// <summary>The batch to apply to the head once durable; the caller leaves it untouched until then.</summary>
    public MetricsBatch? Batch { get; }

    // Continuations run on the thread pool: the single writer must never run appenders' code.
    public TaskCompletionSource<AppendOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
