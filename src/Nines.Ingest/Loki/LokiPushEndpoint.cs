using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Nines.Ingest.Compression;
using Nines.Ingest.Http;
using Nines.Ingest.Loki.Proto;
using Nines.Ingest.RemoteWrite;

namespace Nines.Ingest.Loki;

/// <summary>
/// <c>POST /loki/api/v1/push</c> (https://grafana.com/docs/loki/latest/reference/loki-http-api/#ingest-logs):
/// JSON (optionally gzip) or snappy-compressed protobuf <c>logproto.PushRequest</c>, stored in
/// the events store before the 204 answer Loki gives. Promtail, Grafana Alloy and the Docker
/// driver send protobuf; scripts send JSON.
/// </summary>
internal sealed class LokiPushEndpoint(OtlpEventsWriter writer, IngestOptions options, TimeProvider time)
{
    private static readonly ThreadLocal<LokiTranslator> Translators = new(() => new LokiTranslator());

    public async Task HandleAsync(HttpContext context)
    {
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
        if (!json && !mediaType.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{context.Request.ContentType}' is not a Loki push; send 'application/x-protobuf' (snappy) or 'application/json'.");
            return;
        }

        using var body = await IngestBody.ReadAsync(context, options, "Loki push");
        if (body is null)
        {
            return;
        }

        PushRequest? request = null;
        if (!json)
        {
            var kind = SnappyBlock.TryDecompress(body.Payload.Span, options.MaxDecompressedBytes, out var rented, out var length, out var error);
            try
            {
                if (kind == IngestErrorKind.PayloadTooLarge)
                {
                    await IngestHttp.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", error ?? "The decompressed push is too large.");
                    return;
                }

                if (kind != IngestErrorKind.None)
                {
                    await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Malformed push", error ?? "The body is not snappy-compressed.");
                    return;
                }

                request = PushRequest.Parser.ParseFrom(rented.AsSpan(0, length));
            }
            catch (InvalidProtocolBufferException e)
            {
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Malformed push", "The body is not a Loki PushRequest: " + e.Message);
                return;
            }
            finally
            {
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        var received = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        await IngestHttp.StorePushAsync(context, writer, options, "logs store", "Invalid push", StatusCodes.Status204NoContent, (batch, pipeline) =>
        {
            var translator = Translators.Value!;
            return request is null ? translator.Translate(body.Payload.Span, batch, received, pipeline) : translator.Translate(request, batch, received, pipeline);
        });
    }
}
