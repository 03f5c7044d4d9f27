using System.Buffers;
using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Nines.Events;
using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Rpc;
using Nines.Metrics.Wal;

namespace Nines.Ingest.Http;

/// <summary>
/// OTLP/HTTP for every signal (https://opentelemetry.io/docs/specs/otlp/#otlphttp): binary
/// protobuf or JSON, optionally gzip (inflated with a bomb limit). Answers in the request's
/// encoding: the export response (with <c>partial_success</c>) on success, a
/// <c>google.rpc.Status</c> on 400/413/503 (with <c>Retry-After</c> on 503). A content type that is
/// neither gets a problem+json 415, as no OTLP encoding was agreed.
/// </summary>
internal sealed class OtlpHttpEndpoint(IngestOptions options)
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    public async Task HandleAsync<TRequest, TResponse>(
        HttpContext context,
        MessageParser<TRequest> parser,
        Func<TRequest, string, CancellationToken, Task<TResponse>> store)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var json = mediaType.Equals(Json, StringComparison.OrdinalIgnoreCase);
        if (!json && !mediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase))
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{context.Request.ContentType}' is not OTLP; send '{Protobuf}' or '{Json}'.");
            return;
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (encoding.Length > 0 && !gzip)
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported encoding",
                $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding.");
            return;
        }

        IngestHttp.AllowBody(context, options);

        byte[]? body = null;
        byte[]? inflated = null;
        try
        {
            int length;
            (body, length) = await IngestHttp.ReadBodyAsync(context.Request, options.MaxCompressedBytes, context.RequestAborted);
            if (length < 0)
            {
                await TooLargeAsync(context, json);
                return;
            }

            var payload = body.AsMemory(0, length);
            if (gzip)
            {
                int inflatedLength;
                (inflated, inflatedLength) = await GzipBody.InflateAsync(payload, options.MaxDecompressedBytes, context.RequestAborted);
                if (inflatedLength == -2)
                {
                    await StatusAsync(context, json, StatusCodes.Status400BadRequest, 3, "The body is not valid gzip.");
                    return;
                }

                if (inflatedLength < 0)
                {
                    await TooLargeAsync(context, json);
                    return;
                }

                payload = inflated.AsMemory(0, inflatedLength);
            }

            TRequest request;
            try
            {
                request = json ? OtlpJson.Parse<TRequest>(payload.Span) : parser.ParseFrom(payload.Span);
            }
            catch (InvalidProtocolBufferException e)
            {
                await StatusAsync(context, json, StatusCodes.Status400BadRequest, 3, $"The body is not an OTLP {typeof(TRequest).Name}: {e.Message}");
                return;
            }
            catch (FormatException e)
            {
                await StatusAsync(context, json, StatusCodes.Status400BadRequest, 3, e.Message);
                return;
            }

            var response = await store(request, IngestHttp.Tenant(context), context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (json)
            {
                context.Response.ContentType = Json;
                await context.Response.WriteAsync(OtlpJson.Format(response), context.RequestAborted);
            }
            else
            {
                context.Response.ContentType = Protobuf;
                await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
            }
        }
        catch (Pipeline.LimitExceededException e)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(e.Violation.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await StatusAsync(context, json, StatusCodes.Status429TooManyRequests, 8, e.Message);
        }
        catch (Exception e) when (e is WalBackPressureException or EventsBackPressureException)
        {
            // 503 + Retry-After is what OTLP exporters retry (https://opentelemetry.io/docs/specs/otlp/#otlphttp-throttling).
            context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await StatusAsync(context, json, StatusCodes.Status503ServiceUnavailable, 14,
                "Storage is saturated; nothing from this request was stored. Retry after the indicated delay.");
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            if (inflated is not null)
            {
                ArrayPool<byte>.Shared.Return(inflated);
            }
        }
    }

    /// <summary>A <c>google.rpc.Status</c> body in the request's encoding, as the OTLP spec asks of failures.</summary>
    private static async Task StatusAsync(HttpContext context, bool json, int httpStatus, int grpcCode, string message)
    {
        context.Response.StatusCode = httpStatus;
        var status = new Status { Code = grpcCode, Message = message };
        if (json)
        {
            context.Response.ContentType = Json;
            await context.Response.WriteAsync(OtlpJson.Format(status), context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = Protobuf;
            await context.Response.Body.WriteAsync(status.ToByteArray(), context.RequestAborted);
        }
    }

    private Task TooLargeAsync(HttpContext context, bool json) =>
        StatusAsync(context, json, StatusCodes.Status413PayloadTooLarge, 8,
            $"OTLP bodies may be at most {options.MaxCompressedBytes} bytes compressed and {options.MaxDecompressedBytes} bytes decompressed; lower the exporter's batch size.");
}
