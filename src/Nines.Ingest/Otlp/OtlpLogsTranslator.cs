using Nines.Events;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;

namespace Nines.Ingest.Otlp;

/// <summary>
/// Maps an OTLP logs export to events-store log records. Every record is kept: a missing time
/// falls back to the observed time, then to the time of receipt (the data model allows either to
/// be unset); a trace or span id of the wrong length is dropped from the record rather than
/// refusing the log line. String bodies are stored as is, structured ones as JSON.
/// Holds reusable buffers: one instance per concurrent export.
/// </summary>
internal sealed class OtlpLogsTranslator
{
    private readonly JsonScratch _attributes = new();
    private readonly JsonScratch _resource = new();
    private readonly JsonScratch _body = new();

    public OtlpEventsResult Translate(ExportLogsServiceRequest request, EventBatch batch, long receivedUnixNano, Pipeline.PipelineScope? pipeline = null)
    {
        long rejected = 0;
        string? error = null;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resourceAttributes = resourceLogs.Resource?.Attributes;
            var service = OtlpTracesTranslator.ServiceName(resourceAttributes);
            var resource = resourceAttributes is null ? default : _resource.Attributes(resourceAttributes);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = scopeLogs.Scope?.Name is { Length: > 0 } name ? name : null;
                foreach (var log in scopeLogs.LogRecords)
                {
                    if (log.TimeUnixNano > long.MaxValue || log.ObservedTimeUnixNano > long.MaxValue)
                    {
                        rejected++;
                        error ??= "log time beyond the year 2262";
                        continue;
                    }

                    var observed = log.ObservedTimeUnixNano != 0 ? (long)log.ObservedTimeUnixNano : receivedUnixNano;
                    var time = log.TimeUnixNano != 0 ? (long)log.TimeUnixNano : observed;
                    var traceId = log.TraceId.Span;
                    var spanId = log.SpanId.Span;
                    var entry = new LogEntry
                    {
                        TimeUnixNano = time,
                        ObservedUnixNano = observed,
                        Service = service,
                        SeverityNumber = (int)log.SeverityNumber,
                        SeverityText = log.SeverityText.Length > 0 ? log.SeverityText : null,
                        Body = Body(log.Body),
                        TraceId = traceId.Length == 16 && traceId.ContainsAnyExcept((byte)0) ? traceId : default,
                        SpanId = spanId.Length == 8 && spanId.ContainsAnyExcept((byte)0) ? spanId : default,
                        Scope = scope,
                        AttributesJson = _attributes.Attributes(log.Attributes),
                        ResourceJson = resource,
                    };
                    if (pipeline is null)
                    {
                        batch.AddLog(entry);
                    }
                    else
                    {
                        pipeline.AddLog(batch, entry);
                    }
                }
            }
        }

        return new OtlpEventsResult(rejected, error);
    }

    private string? Body(AnyValue? body) => body?.ValueCase switch
    {
        null or AnyValue.ValueOneofCase.None => null,
        AnyValue.ValueOneofCase.StringValue => body.StringValue,
        _ => _body.Value(body),
    };
}
