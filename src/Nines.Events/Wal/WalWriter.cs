using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Nines.Events.Wal;

/// <summary>
/// Group commit for the events WAL: appenders enqueue framed batches in a bounded channel; the
/// single writer loop takes everything pending, writes it, fsyncs once, acknowledges the
/// appenders and only then hands the records to the inserter (whose bounded channel, when full,
/// stalls this loop and so pushes back on appenders). A failed write or fsync poisons the WAL:
/// after a failed fsync the kernel may have dropped the pages, so a retry could acknowledge lost data.
/// Field owners: <c>_file</c>, <c>_segmentIndex</c>, <c>_segmentBytes</c>, <c>_segmentLastLsn</c>,
/// <c>_lastLsn</c> belong to the writer loop (to the opener before <see cref="Start"/>).
/// </summary>
internal sealed partial class WalWriter : IAsyncDisposable
{
    private const int MaxGroup = 512;

    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly ChannelWriter<WalRecord> _inserts;
    private readonly ILogger _logger;
    private readonly Channel<WalRecord> _channel;
    private readonly ConcurrentQueue<(string Path, long LastLsn)> _closed = new();

    private SafeFileHandle? _file;
    private int _segmentIndex;
    private long _segmentBytes;
    private long _segmentLastLsn;
    private long _lastLsn;
    private Task _loop = Task.CompletedTask;
    private volatile Exception? _fault;

    public WalWriter(string directory, long segmentSize, int capacity, long lastLsn, ChannelWriter<WalRecord> inserts, ILogger logger)
    {
        _directory = directory;
        _segmentSize = segmentSize;
        _lastLsn = lastLsn;
        _inserts = inserts;
        _logger = logger;
        _channel = Channel.CreateBounded<WalRecord>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Closed segments in order, with the last LSN each holds; the inserter deletes them once checkpointed.</summary>
    public ConcurrentQueue<(string Path, long LastLsn)> ClosedSegments => _closed;

    public Exception? Fault => _fault;

    /// <summary>Registers a segment found at open (already replayed or about to be) for deletion after a checkpoint.</summary>
    public void AddClosed(string path, long lastLsn) => _closed.Enqueue((path, lastLsn));

    public void Start(int segmentIndex)
    {
        OpenSegment(segmentIndex);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Enqueues a record; waits at most <paramref name="timeout"/> for room.</summary>
    public async ValueTask EnqueueAsync(WalRecord record, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_fault is { } fault)
        {
            throw new IOException("The events WAL failed earlier; no further writes are accepted.", fault);
        }

        if (!_channel.Writer.TryWrite(record))
        {
            using var timer = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await _channel.Writer.WriteAsync(record, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new EventsBackPressureException($"The events WAL queue stayed full for {timeout.TotalMilliseconds} ms; retry later.");
            }
            catch (ChannelClosedException)
            {
                throw _fault is { } f
                    ? new IOException("The events WAL failed earlier; no further writes are accepted.", f)
                    : new ObjectDisposedException(nameof(EventStore), "The events store is shutting down.");
            }
        }

        await record.Completion.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_file is not null)
        {
            _file.Dispose();
            _closed.Enqueue((Path.Combine(_directory, WalFormat.SegmentName(_segmentIndex)), _segmentLastLsn));
            _file = null;
        }
    }

    private async Task RunAsync()
    {
        var group = new List<WalRecord>(MaxGroup);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && reader.TryRead(out var record))
            {
                group.Add(record);
            }

            if (_fault is null)
            {
                try
                {
                    WriteGroup(group);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _fault = e;
                    Log.WriteFailed(_logger, e, _segmentIndex);
                    _channel.Writer.TryComplete();
                }
            }

            foreach (var record in group)
            {
                if (_fault is { } fault && !record.IsFlush)
                {
                    record.Release();
                    record.Completion.TrySetException(new IOException("The events WAL write failed; the batch is not durable.", fault));
                    continue;
                }

                if (!record.IsFlush)
                {
                    record.Completion.TrySetResult();
                }

                // Ownership passes to the inserter; a full inserter queue stalls this loop (back-pressure).
                await _inserts.WriteAsync(record).ConfigureAwait(false);
            }

            if (_fault is null && _segmentBytes >= _segmentSize)
            {
                try
                {
                    _file!.Dispose();
                    _closed.Enqueue((Path.Combine(_directory, WalFormat.SegmentName(_segmentIndex)), _segmentLastLsn));
                    OpenSegment(_segmentIndex + 1);
                }
                catch (IOException e)
                {
                    _fault = e;
                    Log.WriteFailed(_logger, e, _segmentIndex);
                    _channel.Writer.TryComplete();
                }
            }
        }

        _inserts.TryComplete();
    }

    private void WriteGroup(List<WalRecord> group)
    {
        var wrote = false;
        foreach (var record in group)
        {
            if (record.IsFlush)
            {
                continue;
            }

            WalFormat.Seal(record, ++_lastLsn);
            RandomAccess.Write(_file!, record.Frame, _segmentBytes);
            _segmentBytes += record.Length;
            _segmentLastLsn = record.Lsn;
            wrote = true;
        }

        if (wrote)
        {
            RandomAccess.FlushToDisk(_file!);
        }
    }

    private void OpenSegment(int index)
    {
        _segmentIndex = index;
        _segmentBytes = 0;
        _segmentLastLsn = 0;
        _file = File.OpenHandle(Path.Combine(_directory, WalFormat.SegmentName(index)), FileMode.Create, FileAccess.Write, FileShare.Read);
        Nines.Core.IO.FileDurability.SyncDirectory(_directory);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Critical, "Events WAL write or fsync failed in segment {Segment}; the events store stops accepting writes.")]
        public static partial void WriteFailed(ILogger logger, Exception exception, int segment);
    }
}
