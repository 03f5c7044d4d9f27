using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Metrics.Storage;

namespace Nines.Query.Http;

/// <summary>
/// The Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/) over the
/// caller's tenant. Behaviour, parameters, status codes and messages follow Prometheus 2.42's
/// web/api/v1/api.go, so Grafana, promtool and client libraries work unchanged. The tenant always
/// comes from the principal (the tenant guard has already refused a mismatched X-Scope-OrgID).
/// </summary>
internal sealed partial class PrometheusApi(
    PromQlEngine engine,
    TenantMetricsStorage storage,
    TenantQueryLimiter limiter,
    QueryApiOptions options,
    TimeProvider time,
    ILogger<PrometheusApi> logger,
    QueryLog? queryLog = null)
{
    private readonly long _startedAt = time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs <paramref name="handler"/> with the parsed parameters; a <see cref="QueryException"/> becomes the error envelope.</summary>
    public async Task HandleAsync(HttpContext context, Func<HttpContext, ApiParameters, Task> handler)
    {
        try
        {
            var parameters = await ApiParameters.ReadAsync(context.Request);
            await handler(context, parameters);
        }
        catch (QueryException e) when (!context.Response.HasStarted)
        {
            if (e.Type == QueryErrorType.Unavailable)
            {
                context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            await ApiResponse.WriteErrorAsync(context, e.Type, e.Message);
        }
        catch (InvalidDataException e) when (!context.Response.HasStarted)
        {
            // A malformed form body.
            await ApiResponse.WriteErrorAsync(context, QueryErrorType.BadData, "error parsing form values: " + e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer. Record it as Prometheus' 499.
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = 499;
            }
        }
    }

    private static string Tenant(HttpContext context) => context.User.GetTenant() ?? TenantId.Default;

    private Task<MetricsStorage> StorageAsync(HttpContext context) =>
        storage.GetAsync(Tenant(context), context.RequestAborted);

    /// <summary>
    /// Runs an engine call under the tenant's concurrency limit, with the timeout parameter (which can
    /// only shorten query.timeout, the engine's own deadline) and client disconnects applied, reading
    /// downsampled data up to <paramref name="maxSourceResolution"/> (null: auto), and writes the query log line.
    /// </summary>
    private async Task<QueryResult> RunAsync(HttpContext context, double? timeoutMs, long? maxSourceResolution, string query, long startMs, long endMs, long stepMs, Func<ISeriesSource, CancellationToken, QueryResult> evaluate)
    {
        var tenant = Tenant(context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeoutMs <= 0)
        {
            timeout.Cancel();
        }
        else if (timeoutMs is { } ms && ms < options.Engine.Timeout.TotalMilliseconds)
        {
            timeout.CancelAfter(TimeSpan.FromMilliseconds(ms));
        }

        var started = Stopwatch.GetTimestamp();
        var queued = TimeSpan.Zero;
        TenantQueryLimiter.Lease? lease = null;
        QueryResult? result = null;
        var status = "ok";
        string? errorType = null;
        try
        {
            lease = await limiter.AcquireAsync(tenant, timeout.Token)
                ?? throw new QueryException(QueryErrorType.Unavailable, $"too many concurrent queries for tenant '{tenant}'; retry after {options.RetryAfterSeconds}s");
            queued = Stopwatch.GetElapsedTime(started);
            var source = new MetricsStorageSource(await StorageAsync(context), maxSourceResolution);
            // A timeout of 0 has already expired: Prometheus answers it without evaluating.
            if (timeout.IsCancellationRequested)
            {
                throw new OperationCanceledException(timeout.Token);
            }

            result = evaluate(source, timeout.Token);
            return result;
        }
        catch (Exception e) when (e is OperationCanceledException or QueryException { Type: QueryErrorType.Canceled or QueryErrorType.Timeout })
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                (status, errorType) = ("canceled", "canceled");
                throw new OperationCanceledException(context.RequestAborted);
            }

            (status, errorType) = ("error", "timeout");
            // Prometheus names the stage the deadline hit: before evaluation ("query execution", as
            // for timeout=0) or during it ("expression evaluation").
            var stage = e is OperationCanceledException ? "query execution" : "expression evaluation";
            throw new QueryException(QueryErrorType.Timeout, $"query timed out in {stage}");
        }
        catch (QueryException e)
        {
            (status, errorType) = ("error", ApiResponse.ErrorType(e.Type));
            throw;
        }
        finally
        {
            lease?.Dispose();
            var total = Stopwatch.GetElapsedTime(started);
            Log.Query(logger, tenant, query, total.TotalMilliseconds, result?.SamplesTouched ?? 0, errorType ?? status);
            queryLog?.Write(new QueryLogEntry(
                tenant, query, startMs, endMs, stepMs, queued.TotalSeconds, total.TotalSeconds,
                result?.SamplesTouched ?? 0, result?.PeakSamples ?? 0, result is null ? 0 : SeriesCount(result.Value),
                status, errorType, context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Method, context.Request.Path.Value ?? ""));
        }
    }

    private static int SeriesCount(QueryValue value) => value switch
    {
        VectorResult vector => vector.Samples.Count,
        MatrixResult matrix => matrix.Series.Count,
        _ => 1,
    };

    /// <summary>The optional <c>timeout</c> parameter in milliseconds.</summary>
    private static double? Timeout(ApiParameters parameters) =>
        parameters.Get("timeout").Length == 0 ? null : parameters.Duration("timeout");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "PromQL query for tenant {Tenant} took {DurationMs:F1} ms, {Samples} samples, outcome {Outcome}: {Query}")]
        public static partial void Query(ILogger logger, string tenant, string query, double durationMs, long samples, string outcome);
    }
}
