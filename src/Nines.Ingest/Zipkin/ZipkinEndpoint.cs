using Microsoft.AspNetCore.Http;
using Nines.Ingest.Http;

namespace Nines.Ingest.Zipkin;

/// <summary>
/// <c>POST /api/v2/spans</c>: Zipkin v2 JSON (optionally gzip), stored in the events store before
/// the 202 answer Zipkin's collector gives. Any invalid span refuses the whole request (400,
/// naming the span), so a reporter's bug is seen rather than silently thinning traces.
/// </summary>
internal sealed class ZipkinEndpoint(OtlpEventsWriter writer, IngestOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{context.Request.ContentType}' is not supported; Nines takes Zipkin v2 spans as 'application/json'.");
            return;
        }

        using var body = await IngestBody.ReadAsync(context, options, "Zipkin");
        if (body is null)
        {
            return;
        }

        await IngestHttp.StorePushAsync(context, writer, options, "spans store", "Invalid Zipkin spans", StatusCodes.Status202Accepted, (batch, pipeline) =>
            Translators.Value!.Translate(body.Payload.Span, batch, pipeline));
    }

    // The translator keeps buffers; one per thread, since a request's translation never awaits.
    private static readonly ThreadLocal<ZipkinTranslator> Translators = new(() => new ZipkinTranslator());
}
