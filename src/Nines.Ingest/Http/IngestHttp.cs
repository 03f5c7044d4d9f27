using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Nines.Core.Security;
using Nines.Core.Tenancy;

namespace Nines.Ingest.Http;

/// <summary>Request reading and error answers shared by the ingest endpoints.</summary>
internal static class IngestHttp
{
    /// <summary>Raises this request's body limit from the JSON APIs' to the ingest limit.</summary>
    public static void AllowBody(HttpContext context, IngestOptions options)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxCompressedBytes;
        }
    }

    /// <summary>
    /// Stores a push that is not OTLP (Zipkin, Loki) in the events store and answers it:
    /// <paramref name="successStatus"/> once it is durable; 400 <paramref name="invalidTitle"/> with the
    /// translator's problem, nothing stored; 503 or 429 with Retry-After under back-pressure or a limit.
    /// </summary>
    public static async Task StorePushAsync(HttpContext context, OtlpEventsWriter writer, IngestOptions options, string store, string invalidTitle, int successStatus, Func<Nines.Events.EventBatch, Pipeline.PipelineScope, string?> translate)
    {
        try
        {
            var problem = await writer.StoreAsync(Tenant(context), (batch, scope) =>
            {
                var error = translate(batch, scope);
                if (error is not null)
                {
                    batch.Clear();
                    scope.Reset();
                }

                return error;
            }, context.RequestAborted);
            if (problem is not null)
            {
                await ProblemAsync(context, StatusCodes.Status400BadRequest, invalidTitle, problem + " Nothing from this request was stored.");
                return;
            }

            context.Response.StatusCode = successStatus;
        }
        catch (Nines.Events.EventsBackPressureException)
        {
            await SaturatedAsync(context, options, store);
        }
        catch (Pipeline.LimitExceededException e)
        {
            await LimitedAsync(context, e.Violation);
        }
    }

    /// <summary>503 with Retry-After: senders retry 5xx (Prometheus 2.x does not retry 429 by default).</summary>
    public static Task SaturatedAsync(HttpContext context, IngestOptions options, string store = "metrics write-ahead log")
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Storage is saturated",
            $"The {store} is behind; nothing from this request was stored. Retry after the indicated delay.");
    }

    /// <summary>429 with Retry-After: the tenant is over a rate limit; the same request passes later.</summary>
    public static Task LimitedAsync(HttpContext context, Pipeline.LimitViolation violation)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(violation.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemAsync(context, StatusCodes.Status429TooManyRequests, "Ingestion rate limit exceeded", violation.Message);
    }

    /// <summary>The token's (or session's) tenant; with anonymous ingest, X-Scope-OrgID, else default.</summary>
    public static string Tenant(HttpContext context)
    {
        if (context.User.GetTenant() is { } own)
        {
            return own;
        }

        var header = context.Request.Headers[TenantId.Header].ToString();
        return TenantId.IsValid(header) ? header : TenantId.Default;
    }

    // Reads the whole body into a pooled buffer; length -1 when it exceeds the limit.
    public static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        var initial = (int)Math.Clamp(request.ContentLength ?? 64 * 1024, 1024, limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return (buffer, -1);
                }

                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                return (buffer, length > limit ? -1 : length);
            }

            length += read;
        }
    }

    public static Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
