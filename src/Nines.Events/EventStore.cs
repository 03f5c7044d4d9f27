using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Events.Storage;
using Nines.Events.Wal;

namespace Nines.Events;

/// <summary>
/// The logs and spans store. <see cref="AppendAsync"/> returns once the batch is fsynced to the
/// events WAL (an acknowledged batch survives <c>kill -9</c>); a single inserter then copies
/// batches into DuckDB in transactions of up to <see cref="EventsOptions.FlushRows"/> rows or
/// <see cref="EventsOptions.FlushInterval"/>, so rows become visible to queries within that
/// interval. On open, WAL records not yet in DuckDB are replayed; segments are deleted once DuckDB
/// has checkpointed them. Layout: <c>DIR/events.duckdb</c> and <c>DIR/wal/*.seg</c>.
/// </summary>
public sealed partial class EventStore : IAsyncDisposable
{
    private const int InsertQueueCapacity = 1024;

    private readonly string _directory;
    private readonly EventsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<WalRecord> _inserts;
    private readonly Lock _lifecycle = new();

    // Owned by the inserter loop after open (by OpenAsync before it).
    private EventTables? _tables;
    private WalWriter? _wal;
    private Task _inserter = Task.CompletedTask;
    private long _nextRetentionCheck;
    private long _pendingBytes;
    private Task? _disposeTask;
    private long _insertedRows;

    /// <summary>Creates a store over <paramref name="directory"/>; nothing is read until <see cref="OpenAsync"/>.</summary>
    public EventStore(string directory, EventsOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _directory = directory;
        _options = options ?? new EventsOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<EventStore>();
        _inserts = Channel.CreateBounded<WalRecord>(new BoundedChannelOptions(InsertQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>True once <see cref="OpenAsync"/> has finished.</summary>
    public bool IsOpen => _wal is not null;

    /// <summary>What the last open replayed.</summary>
    public EventsReplayReport ReplayReport { get; private set; } = new(0, 0, 0, TimeSpan.Zero);

    /// <summary>Rows inserted into DuckDB since open (replay excluded).</summary>
    public long InsertedRows => Interlocked.Read(ref _insertedRows);

    /// <summary>Opens (or creates) the store, replays the WAL into DuckDB and starts the writer and inserter.</summary>
    public Task OpenAsync(CancellationToken cancellationToken = default) => Task.Run(() => Open(cancellationToken), cancellationToken);

    /// <summary>
    /// Appends a batch for <paramref name="tenant"/> and returns once it is durable in the WAL.
    /// The batch can be cleared and reused as soon as this returns (or throws).
    /// </summary>
    /// <exception cref="EventsBackPressureException">The store is behind; nothing was written.</exception>
    public async ValueTask AppendAsync(string tenant, EventBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(batch);
        var wal = _wal ?? throw new InvalidOperationException("The events store is not open.");
        if (batch.SpanCount + batch.LogCount == 0)
        {
            return;
        }

        var record = WalFormat.Frame(tenant, batch);
        // One batch larger than the limit is still taken when nothing else waits, or it could never be written.
        var pending = Interlocked.Add(ref _pendingBytes, record.Length);
        if (pending > _options.MaxPendingBytes && pending > record.Length)
        {
            Interlocked.Add(ref _pendingBytes, -record.Length);
            record.Release();
            throw new EventsBackPressureException($"The events store has {_options.MaxPendingBytes} bytes waiting to be inserted; retry later.");
        }

        try
        {
            await wal.EnqueueAsync(record, _options.QueueFullTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch when (!record.Completion.Task.IsCompletedSuccessfully)
        {
            // Not written: the record never reached the inserter, which would otherwise release it.
            if (record.Buffer is not null && !record.Completion.Task.IsCompleted)
            {
                Interlocked.Add(ref _pendingBytes, -record.Length);
                record.Release();
            }

            throw;
        }
    }

    /// <summary>Inserts everything acknowledged so far into DuckDB (and runs retention when due); for tests and shutdown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var wal = _wal ?? throw new InvalidOperationException("The events store is not open.");
        var marker = WalRecord.Flush();
        await wal.EnqueueAsync(marker, Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes, stops the writer and the inserter, checkpoints DuckDB and closes it. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_lifecycle)
        {
            _disposeTask ??= DisposeCoreAsync();
            return new ValueTask(_disposeTask);
        }
    }

    private async Task DisposeCoreAsync()
    {
        if (_wal is { } wal)
        {
            await wal.DisposeAsync().ConfigureAwait(false);
            await _inserter.ConfigureAwait(false);
        }

        if (_tables is { } tables)
        {
            try
            {
                tables.Checkpoint();
                DeleteCheckpointedSegments();
            }
            catch (Exception e) when (e is IOException or DuckDB.NET.Data.DuckDBException)
            {
                Log.CheckpointFailed(_logger, e);
            }

            tables.Dispose();
        }
    }

    private int OldestDay() =>
        Schema.Day((_time.GetUtcNow() - _options.Retention).ToUnixTimeMilliseconds() * 1_000_000);
}
