using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nines.Metrics.IO;
using Nines.Metrics.Storage;

namespace Nines.Metrics.Wal;

/// <summary>
/// Group commit: appenders encode their records and enqueue them in a bounded channel; a single
/// writer loop takes everything pending, writes it, fsyncs once, applies each request in WAL
/// order through the durable callback and only then completes the appenders' tasks. An append is
/// therefore acknowledged only after its fsync, and many appenders share one fsync.
/// <para>Full queue: an appender waits at most <c>queueFullTimeout</c>, then gets
/// <see cref="WalBackPressureException"/>; memory is bounded by capacity × maximum record size.</para>
/// <para>A failed write or fsync poisons the WAL (every later append fails): after a failed fsync
/// the kernel may have dropped the dirty pages, so retrying could acknowledge lost data
/// ("fsyncgate", PostgreSQL 2018).</para>
/// Field owners: <c>_file</c>, <c>_segmentIndex</c>, <c>_segmentBytes</c> belong to the writer loop
/// (to the opener before <see cref="Start"/>, to <see cref="DisposeAsync"/> after the loop ended).
/// </summary>
internal sealed partial class WalWriter : IAsyncDisposable
{
    private const int MaxGroup = 1024;

    private readonly IFileSystem _fileSystem;
    private readonly string _walDirectory;
    private readonly long _segmentSize;
    private readonly TimeSpan _queueFullTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly Func<WalWriteRequest, AppendOutcome> _onDurable;
    private readonly ILogger _logger;
    private readonly Channel<WalWriteRequest> _channel;
    private readonly Lock _disposeLock = new();

    private IAppendFile? _file;
    private int _segmentIndex;
    private long _segmentBytes;
    private Task _loop = Task.CompletedTask;
    private Task? _disposeTask;
    private volatile Exception? _fault;
    private long _syncs;
    private long _requests;

    public WalWriter(
        IFileSystem fileSystem,
        string walDirectory,
        long segmentSize,
        int queueCapacity,
        TimeSpan queueFullTimeout,
        TimeProvider timeProvider,
        Func<WalWriteRequest, AppendOutcome> onDurable,
        ILogger logger)
    {
        _fileSystem = fileSystem;
        _walDirectory = walDirectory;
        _segmentSize = segmentSize;
        _queueFullTimeout = queueFullTimeout;
        _timeProvider = timeProvider;
        _onDurable = onDurable;
        _logger = logger;
        _channel = Channel.CreateBounded<WalWriteRequest>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Data fsyncs so far (group commits plus segment cuts).</summary>
    public long SyncCount => Interlocked.Read(ref _syncs);

    /// <summary>Requests made durable so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public int SegmentIndex => _segmentIndex;

    /// <summary>Creates segment <paramref name="index"/> and makes its directory entry durable. Before <see cref="Start"/> only.</summary>
    public void OpenSegment(int index)
    {
        _segmentIndex = index;
        _file = _fileSystem.OpenAppend(Path.Combine(_walDirectory, WalFormat.SegmentName(index)));
        _segmentBytes = _file.Length;
        _fileSystem.SyncDirectory(_walDirectory);
    }

    /// <summary>Writes and fsyncs records synchronously. Before <see cref="Start"/> only (the series snapshot at open).</summary>
    public void WriteDurable(RecordBuffer buffer)
    {
        Write(buffer);
        Sync();
    }

    public void Start() => _loop = Task.Run(RunAsync);

    public ValueTask<AppendOutcome> EnqueueAsync(WalWriteRequest request, CancellationToken cancellationToken)
    {
        var fault = _fault;
        if (fault is not null)
        {
            request.Buffer.Return();
            return ValueTask.FromException<AppendOutcome>(new IOException("The metrics WAL failed earlier; no further writes are accepted.", fault));
        }

        if (_channel.Writer.TryWrite(request))
        {
            return new ValueTask<AppendOutcome>(request.Completion.Task);
        }

        return EnqueueSlowAsync(request, cancellationToken);
    }

    /// <summary>
    /// Cuts a new segment once every request queued before is durable and applied, and runs
    /// <paramref name="control"/> on the writer thread with the new segment's index, before any later
    /// request is applied. Head truncation uses it to split the WAL at a known point.
    /// </summary>
    public async Task CutSegmentAsync(Action<int> control, CancellationToken cancellationToken)
    {
        var request = new WalWriteRequest(new RecordBuffer(16), null) { Control = control };
        await EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            _disposeTask ??= DisposeCoreAsync();
            return new ValueTask(_disposeTask);
        }
    }

    private async ValueTask<AppendOutcome> EnqueueSlowAsync(WalWriteRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_queueFullTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _channel.Writer.WriteAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            request.Buffer.Return();
            Log.QueueFull(_logger, _queueFullTimeout);
            throw new WalBackPressureException($"The metrics WAL queue stayed full for {_queueFullTimeout.TotalMilliseconds} ms; the disk is not keeping up. Retry later.");
        }
        catch (ChannelClosedException)
        {
            request.Buffer.Return();
            var fault = _fault;
            if (fault is not null)
            {
                throw new IOException("The metrics WAL failed earlier; no further writes are accepted.", fault);
            }

            throw new ObjectDisposedException(nameof(MetricsStorage), "The metrics storage is shutting down.");
        }
        catch
        {
            request.Buffer.Return();
            throw;
        }

        return await request.Completion.Task.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var group = new List<WalWriteRequest>(64);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && reader.TryRead(out var request))
            {
                group.Add(request);
            }

            try
            {
                foreach (var request in group)
                {
                    if (request.Control is null)
                    {
                        Write(request.Buffer);
                    }

                    request.Buffer.Return();
                }

                Sync();
            }
            catch (Exception ex)
            {
                Fail(group, ex);
                return;
            }

            // Applied in WAL order on this thread, so the head sees samples in exactly the order
            // replay will, and out-of-order/duplicate verdicts are the same before and after a crash.
            foreach (var request in group)
            {
                if (request.Control is not null)
                {
                    continue;
                }

                try
                {
                    request.Completion.TrySetResult(_onDurable(request));
                }
                catch (Exception ex)
                {
                    request.Completion.TrySetException(ex);
                }
            }

            // Controls after the whole group: everything written so far is durable and applied.
            foreach (var request in group)
            {
                if (request.Control is null)
                {
                    continue;
                }

                try
                {
                    _file!.Dispose();
                    OpenSegment(_segmentIndex + 1);
                    request.Control(_segmentIndex);
                    request.Completion.TrySetResult(default);
                }
                catch (Exception ex)
                {
                    Fail(group, ex);
                    return;
                }
            }

            Interlocked.Add(ref _requests, group.Count);
            group.Clear();
        }
    }

    private void Fail(List<WalWriteRequest> group, Exception ex)
    {
        _fault = ex;
        Log.WriteFailed(_logger, ex, _segmentIndex);
        _channel.Writer.TryComplete();
        var error = new IOException("The metrics WAL write failed; the batch is not durable.", ex);
        foreach (var request in group)
        {
            request.Buffer.Return();
            request.Completion.TrySetException(error);
        }

        while (_channel.Reader.TryRead(out var pending))
        {
            pending.Buffer.Return();
            pending.Completion.TrySetException(error);
        }
    }

    private void Write(RecordBuffer buffer)
    {
        // Records never span segments (see WalFormat): cut first when this group would overflow.
        // A request bigger than a whole segment still goes into a fresh segment of its own.
        if (_segmentBytes > 0 && _segmentBytes + buffer.Length > _segmentSize)
        {
            Sync();
            _file!.Dispose();
            OpenSegment(_segmentIndex + 1);
        }

        _file!.Write(buffer.WrittenSpan);
        _segmentBytes += buffer.Length;
    }

    private void Sync()
    {
        _file!.Sync();
        Interlocked.Increment(ref _syncs);
    }

    private async Task DisposeCoreAsync()
    {
        // Completing the channel lets the loop drain and commit everything already queued.
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        var file = _file;
        _file = null;
        if (file is not null)
        {
            try
            {
                if (_fault is null)
                {
                    file.Sync();
                }
            }
            finally
            {
                file.Dispose();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Metrics WAL queue full for {Timeout}; rejecting a batch (back-pressure).")]
        public static partial void QueueFull(ILogger logger, TimeSpan timeout);

        [LoggerMessage(2, LogLevel.Critical, "Metrics WAL write or fsync failed in segment {Segment}; the WAL stops accepting writes.")]
        public static partial void WriteFailed(ILogger logger, Exception exception, int segment);
    }
}
