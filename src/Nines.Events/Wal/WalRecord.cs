using System.Buffers;

namespace Nines.Events.Wal;

/// <summary>
/// One framed batch on its way from an appender through the WAL writer to the inserter, or a
/// flush marker (no buffer). Owners in turn: the appender fills it, the WAL writer assigns the
/// LSN and writes it, the inserter inserts it and returns the buffer.
/// </summary>
internal sealed class WalRecord
{
    private WalRecord(byte[]? buffer, int length, TaskCompletionSource completion)
    {
        Buffer = buffer;
        Length = length;
        Completion = completion;
    }

    /// <summary>The frame (header and payload); null for a flush marker.</summary>
    public byte[]? Buffer { get; private set; }

    public int Length { get; }

    public long Lsn { get; set; }

    /// <summary>Completed when the record is durable (data) or inserted (flush marker).</summary>
    public TaskCompletionSource Completion { get; }

    public bool IsFlush => Buffer is null;

    public ReadOnlySpan<byte> Frame => Buffer.AsSpan(0, Length);

    public static WalRecord Data(byte[] buffer, int length) =>
        new(buffer, length, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public static WalRecord Flush() =>
        new(null, 0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Returns the pooled buffer; safe to call twice.</summary>
    public void Release()
    {
        var buffer = Buffer;
        Buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
