using Google.Protobuf.Collections;
using Nines.Events;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;

namespace Nines.Ingest.Otlp;

/// <summary>
/// Maps an OTLP traces export to events-store spans. A span without a valid trace id (16 bytes,
/// not all zero) or span id (8 bytes, not all zero) is rejected, as the spec makes such spans
/// invalid (https://opentelemetry.io/docs/specs/otel/trace/api/#retrieving-the-traceid-and-spanid);
/// the rest of the export is kept and the rejections are counted for <c>partial_success</c>.
/// Holds reusable buffers: one instance per concurrent export.
/// </summary>
internal sealed class OtlpTracesTranslator
{
    private readonly JsonScratch _attributes = new();
    private readonly JsonScratch _resource = new();
    private readonly JsonScratch _events = new();
    private readonly JsonScratch _links = new();

    public OtlpEventsResult Translate(ExportTraceServiceRequest request, EventBatch batch, Pipeline.PipelineScope? pipeline = null)
    {
        long rejected = 0;
        string? error = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resourceAttributes = resourceSpans.Resource?.Attributes;
            var service = ServiceName(resourceAttributes);
            var resource = resourceAttributes is null ? default : _resource.Attributes(resourceAttributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name is { Length: > 0 } name ? name : null;
                foreach (var span in scopeSpans.Spans)
                {
                    var traceId = span.TraceId.Span;
                    var spanId = span.SpanId.Span;
                    var parent = span.ParentSpanId.Span;
                    if (!IsValidId(traceId, 16) || !IsValidId(spanId, 8) || (parent.Length != 0 && parent.Length != 8))
                    {
                        rejected++;
                        error ??= "spans need a 16-byte trace id and an 8-byte span id that are not all zero (and an empty or 8-byte parent span id)";
                        continue;
                    }

                    if (span.StartTimeUnixNano > long.MaxValue || span.EndTimeUnixNano > long.MaxValue)
                    {
                        rejected++;
                        error ??= "span start or end time beyond the year 2262";
                        continue;
                    }

                    var entry = new SpanEntry
                    {
                        TraceId = traceId,
                        SpanId = spanId,
                        ParentSpanId = parent.Length == 8 && parent.ContainsAnyExcept((byte)0) ? parent : default,
                        Service = service,
                        Name = span.Name,
                        Kind = (int)span.Kind,
                        StartUnixNano = (long)span.StartTimeUnixNano,
                        EndUnixNano = (long)span.EndTimeUnixNano,
                        StatusCode = span.Status is null ? 0 : (int)span.Status.Code,
                        StatusMessage = span.Status?.Message is { Length: > 0 } message ? message : null,
                        Scope = scope,
                        TraceState = span.TraceState.Length > 0 ? span.TraceState : null,
                        AttributesJson = _attributes.Attributes(span.Attributes),
                        ResourceJson = resource,
                        EventsJson = _events.Events(span.Events),
                        LinksJson = _links.Links(span.Links),
                    };
                    if (pipeline is null)
                    {
                        batch.AddSpan(entry);
                    }
                    else
                    {
                        pipeline.AddSpan(batch, entry);
                    }
                }
            }
        }

        return new OtlpEventsResult(rejected, error);
    }

    /// <summary>The resource's <c>service.name</c>, or <c>unknown_service</c> as the SDKs default it.</summary>
    internal static string ServiceName(RepeatedField<KeyValue>? attributes)
    {
        if (attributes is not null)
        {
            foreach (var kv in attributes)
            {
                if (kv.Key == "service.name" && kv.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue && kv.Value.StringValue.Length > 0)
                {
                    return kv.Value.StringValue;
                }
            }
        }

        return "unknown_service";
    }

    private static bool IsValidId(ReadOnlySpan<byte> id, int length) => id.Length == length && id.ContainsAnyExcept((byte)0);
}
