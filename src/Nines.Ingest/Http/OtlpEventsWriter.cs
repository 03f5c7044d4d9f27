using System.Collections.Concurrent;
using Nines.Events;
using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace Nines.Ingest.Http;

/// <summary>
/// Stores OTLP traces and logs exports, whichever transport brought them: translates into an
/// <see cref="EventBatch"/>, appends it to the events store (durable in its WAL before this
/// returns) and builds the answer with <c>partial_success</c>. Translators and batches are reused:
/// each concurrent export borrows its own worker.
/// </summary>
internal sealed class OtlpEventsWriter(EventStore store, TimeProvider time, Pipeline.IngestLimiter limiter, Pipeline.IngestPipeline pipeline)
{
    private readonly ConcurrentBag<Worker> _workers = [];

    /// <exception cref="EventsBackPressureException">The store is saturated; nothing was stored.</exception>
    /// <exception cref="Pipeline.LimitExceededException">The tenant is over its spans or logs rate limit; nothing was stored.</exception>
    public async Task<ExportTraceServiceResponse> StoreAsync(ExportTraceServiceRequest request, string tenant, CancellationToken cancellationToken)
    {
        var worker = Rent(tenant);
        try
        {
            OtlpRedaction.Redact(request, pipeline.Redactor);
            var result = worker.Traces.Translate(request, worker.Batch, worker.Scope);
            await AppendAsync(tenant, worker, cancellationToken);
            var response = new ExportTraceServiceResponse();
            if (result.Rejected > 0)
            {
                response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = result.Rejected, ErrorMessage = result.ErrorMessage ?? "" };
            }

            return response;
        }
        finally
        {
            Return(worker);
        }
    }

    /// <exception cref="EventsBackPressureException">The store is saturated; nothing was stored.</exception>
    /// <exception cref="Pipeline.LimitExceededException">The tenant is over its spans or logs rate limit; nothing was stored.</exception>
    public async Task<ExportLogsServiceResponse> StoreAsync(ExportLogsServiceRequest request, string tenant, CancellationToken cancellationToken)
    {
        var worker = Rent(tenant);
        try
        {
            OtlpRedaction.Redact(request, pipeline.Redactor);
            var result = worker.Logs.Translate(request, worker.Batch, time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000, worker.Scope);
            await AppendAsync(tenant, worker, cancellationToken);
            var response = new ExportLogsServiceResponse();
            if (result.Rejected > 0)
            {
                response.PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = result.Rejected, ErrorMessage = result.ErrorMessage ?? "" };
            }

            return response;
        }
        finally
        {
            Return(worker);
        }
    }

    /// <summary>Appends what <paramref name="fill"/> adds to a borrowed batch through the pipeline's scope (Zipkin, Loki).</summary>
    /// <exception cref="EventsBackPressureException">The store is saturated; nothing was stored.</exception>
    /// <exception cref="Pipeline.LimitExceededException">The tenant is over its spans or logs rate limit; nothing was stored.</exception>
    public async Task<T> StoreAsync<T>(string tenant, Func<EventBatch, Pipeline.PipelineScope, T> fill, CancellationToken cancellationToken)
    {
        var worker = Rent(tenant);
        try
        {
            var result = fill(worker.Batch, worker.Scope);
            await AppendAsync(tenant, worker, cancellationToken);
            return result;
        }
        finally
        {
            Return(worker);
        }
    }

    // The tenant's spans/logs rate limits first: a refused batch is not written at all. Spans held
    // for tail sampling count against the limit and as accepted: they are acknowledged now.
    private async Task AppendAsync(string tenant, Worker worker, CancellationToken cancellationToken)
    {
        var batch = worker.Batch;
        var spanCount = batch.SpanCount + worker.Scope.Held.Count;
        if (limiter.TryTakeRate(tenant, Pipeline.IngestSignal.Spans, spanCount) is { } spans)
        {
            throw new Pipeline.LimitExceededException(spans);
        }

        if (limiter.TryTakeRate(tenant, Pipeline.IngestSignal.Logs, batch.LogCount) is { } logs)
        {
            throw new Pipeline.LimitExceededException(logs);
        }

        if (batch.SpanCount + batch.LogCount > 0)
        {
            await store.AppendAsync(tenant, batch, cancellationToken);
        }

        // Held spans are journaled before the request is acknowledged, so a crash cannot lose them.
        if (worker.Scope.Held.Count > 0 && pipeline.Journal is { } journal)
        {
            await journal.AppendHeldAsync(tenant, worker.Scope.Held, CancellationToken.None);
        }

        worker.Scope.Complete(tenant);
        limiter.Metrics.Accepted(tenant, Pipeline.IngestSignal.Spans, spanCount);
        limiter.Metrics.Accepted(tenant, Pipeline.IngestSignal.Logs, batch.LogCount);
    }

    private Worker Rent(string tenant)
    {
        var worker = _workers.TryTake(out var pooled) ? pooled : new Worker(pipeline);
        worker.Scope.Begin(tenant);
        return worker;
    }

    private void Return(Worker worker)
    {
        worker.Batch.Clear();
        worker.Scope.Reset();
        _workers.Add(worker);
    }

    private sealed class Worker(Pipeline.IngestPipeline pipeline)
    {
        public Pipeline.PipelineScope Scope { get; } = new(pipeline);

        public OtlpTracesTranslator Traces { get; } = new();

        public OtlpLogsTranslator Logs { get; } = new();

        public EventBatch Batch { get; } = new();
    }
}
