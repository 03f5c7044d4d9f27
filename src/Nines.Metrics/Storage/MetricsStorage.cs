using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Metrics.Blocks;
using Nines.Metrics.Chunks;
using Nines.Metrics.Exemplars;
using Nines.Metrics.Head;
using Nines.Metrics.IO;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Storage;

/// <summary>
/// The durable metrics store: an in-memory <see cref="HeadBlock"/> behind a write-ahead log.
/// <para>Ordering (as Prometheus' head appender: WAL on Commit, then the head): a batch is encoded
/// on the caller's thread, group-committed and fsynced, and only then applied to the head by the
/// single WAL writer, in WAL order. So a query never sees a sample that could vanish in a crash,
/// and replay reaches the same accepted/out-of-order/duplicate verdicts as the live path did.</para>
/// <para>A new series is created in the head (empty, so invisible to queries) before its series
/// record is durable; its record travels with every batch that uses it until one is durable, so the
/// WAL always has a series record before the first samples that refer to it.</para>
/// </summary>
public sealed partial class MetricsStorage : IAsyncDisposable
{
    private const int SeriesPerSnapshotRecord = 1024;

    private readonly MetricsStorageOptions _options;
    private readonly WalWriter _wal;
    private readonly ILogger _logger;
    private readonly IFileSystem _fileSystem;
    private readonly string _directory;
    private readonly string _walDirectory;
    private readonly TimeProvider _time;
    private int _disposed;

    // Indexed by head series id: 1 once a series record for it is durable. Grown and written only by
    // the WAL writer thread (or by Open before it starts); appenders read it without a lock.
    private byte[] _seriesLogged = new byte[1024];

    private MetricsStorage(HeadBlock head, Block[] blocks, MetricsStorageOptions options, WalReplayReport report, IFileSystem fileSystem, string directory, string walDirectory, TimeProvider timeProvider, ILogger logger)
    {
        Head = head;
        _blocks = blocks;
        _options = options;
        _logger = logger;
        _fileSystem = fileSystem;
        _directory = directory;
        _walDirectory = walDirectory;
        _time = timeProvider;
        ReplayReport = report;
        _wal = new WalWriter(fileSystem, walDirectory, options.SegmentSizeBytes, options.QueueCapacity, options.QueueFullTimeout, timeProvider, ApplyDurable, logger);
    }

    /// <summary>The head for queries; holds only acknowledged (durable) samples.</summary>
    public HeadBlock Head { get; }

    /// <summary>What replay found when the storage opened.</summary>
    public WalReplayReport ReplayReport { get; }

    /// <summary>Data fsyncs issued by the WAL since open (group commits, segment cuts, the open snapshot).</summary>
    public long WalSyncCount => _wal.SyncCount;

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="directory"/>, replaying its WAL into a
    /// new head. Corrupt WAL data is reported in <see cref="ReplayReport"/> and logged, never thrown.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The directory cannot be read or written.</exception>
    public static Task<MetricsStorage> OpenAsync(string directory, MetricsStorageOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        OpenAsync(PhysicalFileSystem.Instance, directory, options, timeProvider, logger, cancellationToken);

    /// <summary>
    /// Appends a batch and completes once it is durable and applied to the head. The batch must not
    /// change until then.
    /// </summary>
    /// <exception cref="WalBackPressureException">The WAL queue stayed full for <see cref="MetricsStorageOptions.QueueFullTimeout"/>; nothing was written.</exception>
    /// <exception cref="ArgumentException">The batch encodes to more than <see cref="MetricsStorageOptions.MaxRecordBytes"/>, or holds a histogram that fails <see cref="Histograms.Histogram.Validate"/>; nothing was written.</exception>
    /// <exception cref="IOException">The WAL failed; the batch is not durable.</exception>
    public ValueTask<AppendOutcome> AppendAsync(MetricsBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batch.SampleCount == 0 && batch.ExemplarCount == 0 && batch.HistogramCount == 0)
        {
            return ValueTask.FromResult(default(AppendOutcome));
        }

        if (batch.HistogramCount > 0)
        {
            ValidateHistograms(batch);
        }

        var ids = batch.Ids;
        var logSeries = batch.LogSeries;
        var newSeries = 0;
        ids.Clear();
        for (var e = 0; e < ids.Length; e++)
        {
            // Pinned until applied (or failed), so head truncation cannot remove it in between.
            var id = Head.AcquireSeries(batch.LabelsAt(e));
            ids[e] = id;
            logSeries[e] = !IsSeriesLogged(id);
            if (logSeries[e])
            {
                newSeries++;
            }
        }

        // Rough size: 12 bytes per sample, 64 per histogram, plus labels; the buffer grows if needed.
        var buffer = new RecordBuffer(Math.Min(64 + (batch.SampleCount * 12) + (batch.HistogramCount * 64) + (newSeries * 128), _options.MaxRecordBytes + 64));
        try
        {
            if (newSeries > 0)
            {
                buffer.BeginRecord();
                buffer.WriteUVarint((ulong)newSeries);
                for (var e = 0; e < ids.Length; e++)
                {
                    if (logSeries[e])
                    {
                        WalRecords.WriteSeries(buffer, ids[e], batch.LabelsAt(e));
                    }
                }

                buffer.EndRecord(WalRecordType.Series, _options.MaxRecordBytes);
            }

            if (batch.ExemplarCount > 0)
            {
                WriteExemplars(buffer, batch);
            }

            buffer.BeginRecord();
            buffer.WriteUVarint((ulong)batch.SampleCount);
            long previousId = 0, previousT = 0;
            for (var e = 0; e < ids.Length; e++)
            {
                var timestamps = batch.TimestampsAt(e);
                var values = batch.ValuesAt(e);
                for (var k = 0; k < timestamps.Length; k++)
                {
                    buffer.WriteVarint(ids[e] - previousId);
                    buffer.WriteVarint(timestamps[k] - previousT);
                    buffer.WriteDouble(values[k]);
                    previousId = ids[e];
                    previousT = timestamps[k];
                }
            }

            buffer.EndRecord(WalRecordType.Samples, _options.MaxRecordBytes);
            if (batch.HistogramCount > 0)
            {
                WriteHistograms(buffer, batch, _options.MaxRecordBytes);
            }
        }
        catch
        {
            buffer.Return();
            ReleaseSeries(batch);
            throw;
        }

        var pending = _wal.EnqueueAsync(new WalWriteRequest(buffer, batch), cancellationToken);
        return pending.IsCompleted ? pending : ReleaseOnFailureAsync(pending, batch);
    }

    // A batch that never reaches ApplyDurable (back-pressure, shutdown, WAL failure) unpins its series here.
    private async ValueTask<AppendOutcome> ReleaseOnFailureAsync(ValueTask<AppendOutcome> pending, MetricsBatch batch)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WalBackPressureException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            ReleaseSeries(batch);
            throw;
        }
    }

    private void ReleaseSeries(MetricsBatch batch)
    {
        foreach (var id in batch.Ids)
        {
            if (id != 0)
            {
                Head.ReleaseSeries(id);
            }
        }
    }

    /// <summary>Commits everything queued, closes the WAL and the head. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopMaintenanceAsync().ConfigureAwait(false);
        await _wal.DisposeAsync().ConfigureAwait(false);
        foreach (var block in Interlocked.Exchange(ref _blocks, []).Concat(Interlocked.Exchange(ref _blocks5m, [])).Concat(Interlocked.Exchange(ref _blocks1h, [])))
        {
            block.Release();
        }

        Head.Dispose();
        Log.Closed(_logger, _wal.RequestCount, _wal.SyncCount);
    }

    internal static Task<MetricsStorage> OpenAsync(IFileSystem fileSystem, string directory, MetricsStorageOptions? options, TimeProvider? timeProvider, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new MetricsStorageOptions();
        options.Validate();
        timeProvider ??= TimeProvider.System;
        logger ??= NullLogger.Instance;

        // Replay is synchronous streaming I/O; keep it off the caller's thread.
        return Task.Run(() => Open(fileSystem, directory, options, timeProvider, logger), cancellationToken);
    }

    private static MetricsStorage Open(IFileSystem fileSystem, string directory, MetricsStorageOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var walDirectory = Path.Combine(directory, WalFormat.WalDirectoryName);
        fileSystem.CreateDirectory(walDirectory);
        fileSystem.SyncDirectory(directory);
        var head = new HeadBlock(options.Head, timeProvider) { TrackChurn = false };
        var blocks = LoadBlocks(fileSystem, directory, logger, out var quarantined);
        Block[] blocks5m = [], blocks1h = [];
        try
        {
            blocks5m = LoadBlocks(fileSystem, Path.Combine(directory, DownsampledDirectoryName, "5m"), logger, out var quarantined5m, Downsampling.Resolutions.FiveMinutes);
            blocks1h = LoadBlocks(fileSystem, Path.Combine(directory, DownsampledDirectoryName, "1h"), logger, out var quarantined1h, Downsampling.Resolutions.OneHour);
            quarantined += quarantined5m + quarantined1h;

            // Samples of persisted ranges are in blocks: replay rejects them as the live path did
            // after truncation (the WAL may still hold them if a crash came before its checkpoint).
            if (blocks.Length > 0)
            {
                head.SetMinValidTime(blocks[^1].MaxTime);
            }

            var exemplars = new CircularExemplarStorage(options.MaxExemplars);
            var report = WalReplayer.Replay(fileSystem, walDirectory, head, exemplars, options, timeProvider, logger, out var lastSegment);
            head.TrackChurn = true;
            var storage = new MetricsStorage(head, blocks, options, report, fileSystem, directory, walDirectory, timeProvider, logger);
            storage._exemplars = exemplars;
            storage._quarantinedBlocks = quarantined;
            storage._blocks5m = blocks5m;
            storage._blocks1h = blocks1h;
            for (var i = 0; i < quarantined; i++)
            {
                StorageMetrics.Instance.BlockQuarantined(storage.Tenant);
            }

            storage.StartWal(lastSegment + 1);
            storage.StartMaintenance();
            return storage;
        }
        catch
        {
            foreach (var block in blocks.Concat(blocks5m).Concat(blocks1h))
            {
                block.Release();
            }

            head.Dispose();
            throw;
        }
    }

    // A new segment per open, starting with every replayed series: replay assigned new head ids, and
    // samples written from now on use them (see WalReplayer).
    private void StartWal(int segment)
    {
        _wal.OpenSegment(segment);
        var count = Head.LastSeriesId;
        for (uint first = 1; first <= count; first += SeriesPerSnapshotRecord)
        {
            var last = Math.Min(count, first + SeriesPerSnapshotRecord - 1);
            var buffer = new RecordBuffer();
            try
            {
                var live = 0u;
                for (var id = first; id <= last; id++)
                {
                    live += Head.GetSeriesLabels(id) is null ? 0u : 1u;
                }

                buffer.BeginRecord();
                buffer.WriteUVarint(live);
                for (var id = first; id <= last; id++)
                {
                    if (Head.GetSeriesLabels(id) is { } labels)
                    {
                        WalRecords.WriteSeries(buffer, id, labels);
                    }
                }

                buffer.EndRecord(WalRecordType.Series, int.MaxValue);
                _wal.WriteDurable(buffer);
            }
            finally
            {
                buffer.Return();
            }

            for (var id = first; id <= last; id++)
            {
                MarkSeriesLogged(id);
            }
        }

        _wal.Start();
    }

    private bool IsSeriesLogged(uint id)
    {
        var logged = Volatile.Read(ref _seriesLogged);
        return id < (uint)logged.Length && Volatile.Read(ref logged[id]) != 0;
    }

    private void MarkSeriesLogged(uint id)
    {
        var logged = _seriesLogged;
        if (id >= (uint)logged.Length)
        {
            var grown = new byte[Math.Max(logged.Length * 2, (int)id + 1)];
            Array.Copy(logged, grown, logged.Length);
            logged = grown;
            Volatile.Write(ref _seriesLogged, grown);
        }

        Volatile.Write(ref logged[id], 1);
    }

    // Runs on the WAL writer thread, after the fsync that made the request durable, in WAL order.
    private AppendOutcome ApplyDurable(WalWriteRequest request)
    {
        var batch = request.Batch!;
        var ids = batch.Ids;
        var counts = new AppendCounts();
        for (var e = 0; e < ids.Length; e++)
        {
            var id = ids[e];
            if (batch.LogSeries[e])
            {
                MarkSeriesLogged(id);
            }

            Head.AppendSamples(id, batch.TimestampsAt(e), batch.ValuesAt(e), ref counts);
        }

        var histograms = batch.HistogramCount > 0 ? ApplyHistograms(batch, ref counts) : default;
        Head.Publish(counts);

        // A sample of an unknown series (never expected: the batch pins its series) counts as a duplicate, as before.
        var outcome = new AppendOutcome(counts.Accepted, counts.OutOfOrder, counts.Duplicate + counts.Unknown) { HistogramsAccepted = histograms.Accepted, HistogramsDuplicate = histograms.Duplicate };
        if (batch.ExemplarCount > 0)
        {
            outcome = ApplyExemplars(batch, outcome);
        }

        ReleaseSeries(batch);
        return outcome;
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Metrics storage closed after {Batches} batches and {Syncs} WAL fsyncs.")]
        public static partial void Closed(ILogger logger, long batches, long syncs);
    }
}
