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

        foreach (var resourceSpans in request.ResourceSpans)
        {
            if (resourceSpans.Resource is { } resource)
            {
                Attributes(resource.Attributes, redactor);
            }

            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    Attributes(span.Attributes, redactor);
                    foreach (var e in span.Events)
                    {
                        Attributes(e.Attributes, redactor);
                    }

                    foreach (var link in span.Links)
                    {
                        Attributes(link.Attributes, redactor);
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

        foreach (var resourceLogs in request.ResourceLogs)
        {
            if (resourceLogs.Resource is { } resource)
            {
                Attributes(resource.Attributes, redactor);
            }

            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var log in scopeLogs.LogRecords)
                {
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
        foreach (var kv in attributes)
        {
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
                foreach (var item in value.ArrayValue.Values)
                {
                    Value(item, redactor);
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
