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
        if (_pipeline.TailEnabled)
        {
            _loop = Task.Run(LoopAsync, CancellationToken.None);
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
