using System.Collections.Concurrent;
using Nines.Ingest.Otlp;
using Nines.Ingest.Pipeline;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Ingest.Series;
using Nines.Metrics.Storage;

namespace Nines.Ingest.Http;

/// <summary>
/// Stores one OTLP metrics export, whichever transport brought it: maps the points to Prometheus
/// series (<see cref="OtlpMetricsTranslator"/>), appends them to the tenant's metrics WAL (durable
/// before this returns) and builds the answer, with <c>partial_success</c> for rejected points.
/// Translators keep per-worker state, so each concurrent export borrows its own.
/// </summary>
internal sealed class OtlpMetricsWriter(TenantMetricsStorage storage, IngestLimiter limiter, IngestPipeline pipeline)
{
    private readonly ConcurrentBag<Worker> _workers = [];

    /// <exception cref="Nines.Metrics.Wal.WalBackPressureException">The WAL is saturated; nothing was stored.</exception>
    /// <exception cref="LimitExceededException">The tenant is over its samples rate limit; nothing was stored.</exception>
    public async Task<ExportMetricsServiceResponse> StoreAsync(ExportMetricsServiceRequest request, string tenant, CancellationToken cancellationToken)
    {
        var worker = _workers.TryTake(out var w) ? w : new Worker(pipeline);
        try
        {
            var result = worker.Translator.Translate(request, worker.Batch);
            if (limiter.TryTakeRate(tenant, IngestSignal.Samples, worker.Batch.SampleCount + worker.Batch.HistogramCount) is { } violation)
            {
                throw new LimitExceededException(violation);
            }

            if (worker.Batch.SeriesCount > 0)
            {
                var metrics = await storage.GetAsync(tenant, cancellationToken);
                worker.Copier.Copy(worker.Batch, worker.Metrics, limiter.For(tenant), metrics.Head);
                var outcome = await metrics.AppendAsync(worker.Metrics, cancellationToken);
                limiter.Metrics.Accepted(tenant, IngestSignal.Samples, outcome.Accepted);
                limiter.Metrics.Rejected(tenant, IngestSignal.Samples, "invalid", result.DataPointsRejected);
            }

            var response = new ExportMetricsServiceResponse();
            var rejected = result.DataPointsRejected + worker.Copier.RejectedSamples + worker.Copier.LimitedSamples;
            if (worker.Copier.LimitedSeries > 0)
            {
                limiter.Metrics.Rejected(tenant, IngestSignal.Samples, worker.Copier.LimitedKey!, worker.Copier.LimitedSamples);
            }

            if (rejected > 0)
            {
                if (worker.Copier.RejectedSeries > 0)
                {
                    limiter.Metrics.Rejected(tenant, IngestSignal.Samples, worker.Copier.RejectedLimit!, worker.Copier.RejectedSamples);
                }

                response.PartialSuccess = new ExportMetricsPartialSuccess
                {
                    RejectedDataPoints = rejected,
                    ErrorMessage = result.ErrorMessage ?? worker.Copier.RejectedReason ?? worker.Copier.LimitedReason ?? "",
                };
            }

            return response;
        }
        finally
        {
            worker.Batch.Clear();
            worker.Metrics.Clear();
            _workers.Add(worker);
        }
    }

    private sealed class Worker(IngestPipeline pipeline)
    {
        public OtlpMetricsTranslator Translator { get; } = new() { Redactor = pipeline.Redactor };

        public SeriesBatch Batch { get; } = new();

        public MetricsBatch Metrics { get; } = new();

        public SeriesCopier Copier { get; } = new();
    }
}
