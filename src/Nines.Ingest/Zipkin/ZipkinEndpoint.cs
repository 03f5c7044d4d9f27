using Microsoft.AspNetCore.Http;
using Nines.Events;
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

        try
        {
            var problem = await writer.StoreAsync(IngestHttp.Tenant(context), (batch, pipeline) =>
            {
                var translator = Translators.Value!;
                var error = translator.Translate(body.Payload.Span, batch, pipeline);
                if (error is not null)
                {
                    batch.Clear();
                    pipeline.Reset();
                }

                return error;
            }, context.RequestAborted);
            if (problem is not null)
            {
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Invalid Zipkin spans", problem + " Nothing from this request was stored.");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
        catch (EventsBackPressureException)
        {
            await IngestHttp.SaturatedAsync(context, options, "spans store");
        }
        catch (Pipeline.LimitExceededException e)
        {
            await IngestHttp.LimitedAsync(context, e.Violation);
        }
    }

    // The translator keeps buffers; one per thread, since a request's translation never awaits.
    private static readonly ThreadLocal<ZipkinTranslator> Translators = new(() => new ZipkinTranslator());
}
