using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Events;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// Stores the traces tail sampling keeps: the samplers hand them over on their timer (which must not
/// block), into a bounded queue read by one loop that appends them to the events store. A full
/// queue drops the trace and counts it (<c>tail_sampling_queue_full</c>); back-pressure from the
/// store is waited out, not dropped. At shutdown every held trace is decided and the queue drained
/// before the events store closes (this service is registered after it, so it stops first).
/// With a journal directory configured, it owns the <see cref="Journal.TailSamplingJournal"/>: at
/// start the spans a crash left unresolved are held again (or stored, for a tenant no longer
/// tail-sampled), and every trace is resolved in the journal once stored or dropped.
/// Field owners: the channel's reader and <c>_batch</c> belong to the loop.
/// </summary>
internal sealed partial class TailSamplingWriter : IHostedService, IAsyncDisposable
{
    private const int Capacity = 10_000;

    private readonly IngestPipeline _pipeline;
    private readonly EventStore _store;
    private readonly ILogger _logger;
    private readonly Channel<(string Tenant, IReadOnlyList<SpanRecord> Spans)> _queue =
        Channel.CreateBounded<(string, IReadOnlyList<SpanRecord>)>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly EventBatch _batch = new();
    private Task _loop = Task.CompletedTask;
    private Journal.TailSamplingJournal? _journal;
    private int _stopped;

    /// <param name="pipeline">The pipeline whose kept traces this stores.</param>
    /// <param name="store">The events store.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="metrics">The pipeline's instruments, resolved here so they exist from start-up.</param>
    public TailSamplingWriter(IngestPipeline pipeline, EventStore store, ILogger<TailSamplingWriter> logger,
        PipelineMetrics metrics)
    {
        _ = metrics;
        _pipeline = pipeline;
        _store = store;
        _logger = logger;
        pipeline.SetKeptHandler(Enqueue);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = _pipeline.Options.JournalDirectory;
        var leftOver = directory is not null && Directory.Exists(directory) && Directory.EnumerateFiles(directory).Any();
        if (!_pipeline.TailEnabled && !leftOver)
        {
            return Task.CompletedTask;
        }

        _loop = Task.Run(LoopAsync, CancellationToken.None);
        if (directory is not null)
        {
            _journal = new Journal.TailSamplingJournal(directory, _logger);
            var recovered = _journal.Open();
            _pipeline.Journal = _journal;
            foreach (var (tenant, spans) in recovered)
            {
                if (_pipeline.PolicyFor(tenant).TailEnabled)
                {
                    _pipeline.Hold(tenant, spans);
                }
                else
                {
                    Enqueue(tenant, spans);
                }
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _pipeline.DecideAll();
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_journal is { } journal)
        {
            _pipeline.Journal = null;
            await journal.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _pipeline.Dispose();
        _batch.Dispose();
    }

    private void Enqueue(string tenant, IReadOnlyList<SpanRecord> spans)
    {
        if (!_queue.Writer.TryWrite((tenant, spans)))
        {
            _pipeline.CountDropped(tenant, IngestSignal.Spans, PipelineDropReason.TailSamplingQueueFull, spans.Count);
            Log.QueueFull(_logger, tenant, spans.Count);
            Resolve(tenant, spans);
        }
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                _batch.Clear();
                foreach (var span in item.Spans)
                {
                    PipelineScope.AddRecord(_batch, span);
                }

                await AppendAsync(item.Tenant, item.Spans.Count).ConfigureAwait(false);
                Resolve(item.Tenant, item.Spans);
            }
        }
    }

    // Stored, or dropped and counted: either way the journal need not bring these spans back.
    private void Resolve(string tenant, IReadOnlyList<SpanRecord> spans)
    {
        if (_journal is not { } journal)
        {
            return;
        }

        string? previous = null;
        foreach (var span in spans)
        {
            if (span.TraceId != previous)
            {
                journal.Resolve(tenant, span.TraceId);
                previous = span.TraceId;
            }
        }
    }

    private async Task AppendAsync(string tenant, int spans)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(tenant, _batch).ConfigureAwait(false);
                return;
            }
            catch (EventsBackPressureException) when (attempt < 600)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EventsBackPressureException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                _pipeline.CountDropped(tenant, IngestSignal.Spans, PipelineDropReason.TailSamplingQueueFull, spans);
                Log.StoreFailed(_logger, tenant, spans, e);
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Tail sampling's store queue is full; a kept trace of tenant {Tenant} with {Spans} spans was dropped (counted in nines_pipeline_dropped_total).")]
        public static partial void QueueFull(ILogger logger, string tenant, int spans);

        [LoggerMessage(2, LogLevel.Error, "A kept trace of tenant {Tenant} with {Spans} spans could not be stored (counted in nines_pipeline_dropped_total).")]
        public static partial void StoreFailed(ILogger logger, string tenant, int spans, Exception exception);
    }
}
