using Google.Protobuf.Collections;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Ingest.Otlp;

/// <summary>
/// Redacts an OTLP traces or logs export in place, before it is translated and written to the
/// events WAL: resource, span, span event, link and log attributes (nested arrays and maps
/// included) and log bodies. A denied key's value, of any type, becomes
/// <see cref="Redactor.DeniedKeyReplacement"/>. Clean values are left as they are and cost no allocation.
/// </summary>
internal static class OtlpRedaction
{
    private static readonly AnyValue DeniedValue = new() { StringValue = Redactor.DeniedKeyReplacement };

    public static void Redact(ExportTraceServiceRequest request, Redactor redactor)
    {
        if (!redactor.Enabled)
        {
            return;
        }

        // Index loops: RepeatedField's enumerator is a boxed interface, one allocation per loop.
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            if (resourceSpans.Resource is { } resource)
            {
                Attributes(resource.Attributes, redactor);
            }

            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var spans = resourceSpans.ScopeSpans[s].Spans;
                for (var i = 0; i < spans.Count; i++)
                {
                    var span = spans[i];
                    Attributes(span.Attributes, redactor);
                    for (var e = 0; e < span.Events.Count; e++)
                    {
                        Attributes(span.Events[e].Attributes, redactor);
                    }

                    for (var l = 0; l < span.Links.Count; l++)
                    {
                        Attributes(span.Links[l].Attributes, redactor);
                    }

                    if (span.Status is { Message.Length: > 0 } status && redactor.TryRedact(status.Message, out var message))
                    {
                        status.Message = message;
                    }
                }
            }
        }
    }

    public static void Redact(ExportLogsServiceRequest request, Redactor redactor)
    {
        if (!redactor.Enabled)
        {
            return;
        }

        for (var r = 0; r < request.ResourceLogs.Count; r++)
        {
            var resourceLogs = request.ResourceLogs[r];
            if (resourceLogs.Resource is { } resource)
            {
                Attributes(resource.Attributes, redactor);
            }

            for (var s = 0; s < resourceLogs.ScopeLogs.Count; s++)
            {
                var logs = resourceLogs.ScopeLogs[s].LogRecords;
                for (var i = 0; i < logs.Count; i++)
                {
                    var log = logs[i];
                    Attributes(log.Attributes, redactor);
                    if (log.Body is { } body)
                    {
                        Value(body, redactor);
                    }
                }
            }
        }
    }

    private static void Attributes(RepeatedField<KeyValue> attributes, Redactor redactor)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            var kv = attributes[i];
            if (redactor.DenyKey(kv.Key))
            {
                kv.Value = DeniedValue.Clone();
            }
            else if (kv.Value is { } value)
            {
                Value(value, redactor);
            }
        }
    }

    private static void Value(AnyValue value, Redactor redactor)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                if (redactor.TryRedact(value.StringValue, out var redacted))
                {
                    value.StringValue = redacted;
                }

                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                var items = value.ArrayValue.Values;
                for (var i = 0; i < items.Count; i++)
                {
                    Value(items[i], redactor);
                }

                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                Attributes(value.KvlistValue.Values, redactor);
                break;
            default:
                break;
        }
    }
}
