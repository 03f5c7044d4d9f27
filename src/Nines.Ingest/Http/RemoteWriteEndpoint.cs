using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Ingest.Pipeline;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;
using Nines.Metrics.Storage;
using Nines.Metrics.Wal;

namespace Nines.Ingest.Http;

/// <summary>
/// <c>POST /api/v1/write</c>: Prometheus remote write 1.0 and 2.0
/// (https://prometheus.io/docs/specs/prw/remote_write_spec/ and remote_write_spec_2_0/).
/// The tenant is the token's; with anonymous ingest, <c>X-Scope-OrgID</c> or <c>default</c>.
/// Answers: 204 stored; 400 not retryable (bad payload, invalid series, out-of-order samples);
/// 413 too large; 415 unknown protobuf message; 503 + Retry-After when storage is saturated (a
/// sender retries 5xx, and Prometheus 2.x does not retry 429 by default).
/// </summary>
internal sealed class RemoteWriteEndpoint(TenantMetricsStorage storage, IngestOptions options, IngestLimiter limiter, IngestPipeline pipeline)
{
    private const string V2Proto = "io.prometheus.write.v2.Request";

    // Decoders keep scratch buffers and are not thread-safe: one per concurrent request, reused.
    // Their series cache is shared, so each series is decoded once, not once per worker.
    private readonly ConcurrentBag<Worker> _workers = [];
    private readonly SeriesCache _seriesCache = new(new RemoteWriteDecoderOptions().SeriesCacheSize);

    public async Task HandleAsync(HttpContext context)
    {
        var version = ParseVersion(context.Request.ContentType, out var typeError);
        if (typeError is not null)
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", typeError);
            return;
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported encoding",
                $"Content-Encoding '{encoding}' is not supported; remote write bodies are snappy block-compressed ('Content-Encoding: snappy').");
            return;
        }

        IngestHttp.AllowBody(context, options);

        var tenant = IngestHttp.Tenant(context);
        var worker = _workers.TryTake(out var w) ? w : new Worker(options, _seriesCache, pipeline);
        byte[]? body = null;
        try
        {
            int length;
            (body, length) = await IngestHttp.ReadBodyAsync(context.Request, options.MaxCompressedBytes, context.RequestAborted);
            if (length < 0)
            {
                await IngestHttp.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                    $"The compressed body is larger than {options.MaxCompressedBytes} bytes; lower queue_config.max_samples_per_send.");
                return;
            }

            worker.Batch.Clear();
            var result = worker.Decoder.DecodeSnappy(body.AsSpan(0, length), version, worker.Batch);
            if (result.Error != IngestErrorKind.None && worker.Batch.SeriesCount == 0)
            {
                await IngestHttp.ProblemAsync(context, result.StatusCode, "Invalid remote write request", result.ErrorMessage ?? "The request could not be decoded.");
                return;
            }

            if (limiter.TryTakeRate(tenant, IngestSignal.Samples, worker.Batch.SampleCount + worker.Batch.HistogramCount) is { } violation)
            {
                await IngestHttp.LimitedAsync(context, violation);
                return;
            }

            var outcome = new AppendOutcome(0, 0, 0);
            if (worker.Batch.SeriesCount > 0)
            {
                var metrics = await storage.GetAsync(tenant, context.RequestAborted);
                worker.Copier.Copy(worker.Batch, worker.Metrics, limiter.For(tenant), metrics.Head);
                outcome = await metrics.AppendAsync(worker.Metrics, context.RequestAborted);
                limiter.Metrics.Accepted(tenant, IngestSignal.Samples, outcome.Accepted);
                limiter.Metrics.Rejected(tenant, IngestSignal.Samples, "out_of_order", outcome.OutOfOrder);
                limiter.Metrics.Rejected(tenant, IngestSignal.Samples, "invalid", result.SamplesRejected);
            }

            if (version == RemoteWriteVersion.V2)
            {
                // Duplicates of stored samples are what a retried request looks like: count them as written.
                // Accepted includes the histograms, which have a header of their own.
                context.Response.Headers["X-Prometheus-Remote-Write-Samples-Written"] = (outcome.Accepted - outcome.HistogramsAccepted + outcome.Duplicate - outcome.HistogramsDuplicate).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-Prometheus-Remote-Write-Histograms-Written"] = (outcome.HistogramsAccepted + outcome.HistogramsDuplicate).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-Prometheus-Remote-Write-Exemplars-Written"] = (outcome.ExemplarsAccepted + outcome.ExemplarsDuplicate).ToString(CultureInfo.InvariantCulture);
            }

            if (worker.Copier.LimitedSeries > 0)
            {
                // 429: the same series pass once old ones go stale or the limit is raised.
                limiter.Metrics.Rejected(tenant, IngestSignal.Samples, worker.Copier.LimitedKey!, worker.Copier.LimitedSamples);
                context.Response.Headers.RetryAfter = "60";
                await IngestHttp.ProblemAsync(context, StatusCodes.Status429TooManyRequests, "Series limit reached",
                    $"{worker.Copier.LimitedSeries} new series ({worker.Copier.LimitedSamples} samples) were not stored: {worker.Copier.LimitedReason}; {outcome.Accepted} samples of existing series stored.");
                return;
            }

            if (worker.Copier.RejectedSeries > 0)
            {
                limiter.Metrics.Rejected(tenant, IngestSignal.Samples, worker.Copier.RejectedLimit!, worker.Copier.RejectedSamples);
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Some series were over the tenant's label limits",
                    $"{worker.Copier.RejectedSeries} series ({worker.Copier.RejectedSamples} samples) were not stored: {worker.Copier.RejectedReason}; {outcome.Accepted} samples stored.");
                return;
            }

            if (result.Error != IngestErrorKind.None)
            {
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Some series were rejected",
                    $"{result.ErrorMessage} ({result.SamplesRejected} samples rejected; {outcome.Accepted} stored).");
                return;
            }

            if (outcome.OutOfOrder > 0)
            {
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Out-of-order samples",
                    $"{outcome.OutOfOrder} samples were older than their series' newest sample and were rejected ({outcome.Accepted} stored).");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (WalBackPressureException)
        {
            await IngestHttp.SaturatedAsync(context, options);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            worker.Batch.Clear();
            worker.Metrics.Clear();
            _workers.Add(worker);
        }
    }

    private static RemoteWriteVersion ParseVersion(string? contentType, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(contentType))
        {
            return RemoteWriteVersion.V1;
        }

        var parts = contentType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (!parts[0].Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            error = $"Content-Type '{contentType}' is not remote write; send 'application/x-protobuf' (1.0) or 'application/x-protobuf;proto={V2Proto}' (2.0).";
            return RemoteWriteVersion.V1;
        }

        foreach (var part in parts.AsSpan(1))
        {
            if (part.StartsWith("proto=", StringComparison.OrdinalIgnoreCase))
            {
                var proto = part["proto=".Length..].Trim('"');
                if (proto == V2Proto)
                {
                    return RemoteWriteVersion.V2;
                }

                if (proto != "prometheus.WriteRequest")
                {
                    error = $"proto '{proto}' is not supported; this server accepts prometheus.WriteRequest and {V2Proto}.";
                }
            }
        }

        return RemoteWriteVersion.V1;
    }

    private sealed class Worker(IngestOptions options, SeriesCache seriesCache, IngestPipeline pipeline)
    {
        public RemoteWriteDecoder Decoder { get; } = new(new RemoteWriteDecoderOptions { MaxDecompressedBytes = options.MaxDecompressedBytes }, seriesCache) { Redactor = pipeline.Redactor };

        public SeriesBatch Batch { get; } = new();

        public MetricsBatch Metrics { get; } = new();

        public SeriesCopier Copier { get; } = new();
    }
}
