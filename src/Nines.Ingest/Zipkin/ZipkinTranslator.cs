using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nines.Events;

namespace Nines.Ingest.Zipkin;

/// <summary>
/// Zipkin v2 JSON spans (https://zipkin.io/zipkin-api/#/default/post_spans, the <c>Span</c> model)
/// to events-store spans, as the OpenTelemetry Collector's zipkin receiver maps them: 64-bit
/// trace ids are left-padded to 128 bits, microseconds become nanoseconds, <c>kind</c> maps to
/// the OTLP kind, an <c>error</c> tag makes the status ERROR with the tag as its message, the
/// local endpoint's service name is the service, the remote endpoint goes into
/// <c>peer.service</c>/<c>net.peer.ip</c>/<c>net.peer.port</c>, annotations become span events.
/// </summary>
internal sealed class ZipkinTranslator
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _attributes = new(1024);
    private readonly ArrayBufferWriter<byte> _events = new(256);
    private readonly ArrayBufferWriter<byte> _resource = new(128);
    private readonly byte[] _traceId = new byte[16];
    private readonly byte[] _spanId = new byte[8];
    private readonly byte[] _parentId = new byte[8];

    /// <summary>Adds every span of the array; returns the first problem (nothing should then be stored), or null.</summary>
    public string? Translate(ReadOnlySpan<byte> json, EventBatch batch, Pipeline.PipelineScope? pipeline = null)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return "A Zipkin v2 body is a JSON array of spans.";
            }

            var index = 0;
            foreach (var span in document.RootElement.EnumerateArray())
            {
                if (Add(span, batch, pipeline) is { } problem)
                {
                    return $"span {index}: {problem}";
                }

                index++;
            }
        }

        return null;
    }

    private string? Add(JsonElement span, EventBatch batch, Pipeline.PipelineScope? pipeline)
    {
        if (span.ValueKind != JsonValueKind.Object)
        {
            return "not a JSON object";
        }

        var traceHex = String(span, "traceId");
        if (traceHex is null || (traceHex.Length != 16 && traceHex.Length != 32) || !TryHex(traceHex, _traceId.AsSpan(16 - (traceHex.Length / 2))))
        {
            return "'traceId' must be 16 or 32 hex digits";
        }

        if (traceHex.Length == 16)
        {
            _traceId.AsSpan(0, 8).Clear();
        }

        var idHex = String(span, "id");
        if (idHex is null || idHex.Length != 16 || !TryHex(idHex, _spanId))
        {
            return "'id' must be 16 hex digits";
        }

        var parentHex = String(span, "parentId");
        if (parentHex is not null && (parentHex.Length != 16 || !TryHex(parentHex, _parentId)))
        {
            return "'parentId' must be 16 hex digits";
        }

        if (!_traceId.AsSpan().ContainsAnyExcept((byte)0) || !_spanId.AsSpan().ContainsAnyExcept((byte)0))
        {
            return "trace and span ids must not be all zero";
        }

        var timestamp = Micros(span, "timestamp");
        var duration = Micros(span, "duration");
        if (timestamp is null || timestamp < 0 || duration < 0 || timestamp > long.MaxValue / 1000 || duration > long.MaxValue / 1000)
        {
            return "'timestamp' (epoch microseconds) is required and must be a positive integer";
        }

        var service = "unknown_service";
        if (span.TryGetProperty("localEndpoint", out var local) && local.ValueKind == JsonValueKind.Object && String(local, "serviceName") is { Length: > 0 } name)
        {
            service = name;
        }

        var statusCode = 0;
        string? statusMessage = null;
        var redactor = pipeline?.Redactor;
        var attributes = Attributes(span, redactor, ref statusCode, ref statusMessage);
        var start = timestamp.Value * 1000;
        var entry = new SpanEntry
        {
            TraceId = _traceId,
            SpanId = _spanId,
            ParentSpanId = parentHex is null || !_parentId.AsSpan().ContainsAnyExcept((byte)0) ? default : _parentId,
            Service = service,
            Name = String(span, "name") ?? "",
            Kind = String(span, "kind") switch
            {
                "SERVER" => 2,
                "CLIENT" => 3,
                "PRODUCER" => 4,
                "CONSUMER" => 5,
                _ => 1,
            },
            StartUnixNano = start,
            EndUnixNano = start + ((duration ?? 0) * 1000),
            StatusCode = statusCode,
            StatusMessage = statusMessage,
            Scope = "zipkin",
            AttributesJson = attributes,
            ResourceJson = Resource(service),
            EventsJson = Events(span, redactor),
        };
        if (pipeline is null)
        {
            batch.AddSpan(entry);
        }
        else
        {
            pipeline.AddSpan(batch, entry);
        }

        return null;
    }

    private ReadOnlySpan<byte> Attributes(JsonElement span, Pipeline.Redaction.Redactor? redactor, ref int statusCode, ref string? statusMessage)
    {
        _attributes.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_attributes, WriterOptions);
        writer.WriteStartObject();
        var any = false;
        if (span.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in tags.EnumerateObject())
            {
                var value = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : tag.Value.GetRawText();
                if (redactor is { Enabled: true })
                {
                    value = redactor.DenyKey(tag.Name) ? Pipeline.Redaction.Redactor.DeniedKeyReplacement
                        : redactor.TryRedact(value, out var redacted) ? redacted : value;
                }

                if (tag.NameEquals("error"))
                {
                    statusCode = 2;
                    statusMessage = value.Length > 0 && value != "true" ? value : null;
                    continue;
                }

                writer.WriteString(tag.Name, value);
                any = true;
            }
        }

        if (span.TryGetProperty("remoteEndpoint", out var remote) && remote.ValueKind == JsonValueKind.Object)
        {
            if (String(remote, "serviceName") is { Length: > 0 } peer)
            {
                writer.WriteString("peer.service"u8, peer);
                any = true;
            }

            if ((String(remote, "ipv4") ?? String(remote, "ipv6")) is { Length: > 0 } ip)
            {
                writer.WriteString("net.peer.ip"u8, ip);
                any = true;
            }

            if (remote.TryGetProperty("port", out var port) && port.TryGetInt32(out var p))
            {
                writer.WriteNumber("net.peer.port"u8, p);
                any = true;
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return any ? _attributes.WrittenSpan : default;
    }

    private ReadOnlySpan<byte> Events(JsonElement span, Pipeline.Redaction.Redactor? redactor)
    {
        if (!span.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Array || annotations.GetArrayLength() == 0)
        {
            return default;
        }

        _events.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_events, WriterOptions);
        writer.WriteStartArray();
        foreach (var annotation in annotations.EnumerateArray())
        {
            writer.WriteStartObject();
            writer.WriteNumber("time_unix_nano"u8, (Micros(annotation, "timestamp") ?? 0) * 1000);
            var value = String(annotation, "value") ?? "";
            writer.WriteString("name"u8, redactor is not null && redactor.TryRedact(value, out var redacted) ? redacted : value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        return _events.WrittenSpan;
    }

    private ReadOnlySpan<byte> Resource(string service)
    {
        _resource.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_resource, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("service.name"u8, service);
        writer.WriteEndObject();
        writer.Flush();
        return _resource.WrittenSpan;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Zipkin sends epoch microseconds as JSON numbers (some tracers as strings).
    private static long? Micros(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            return n;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n) ? n : -1;
    }

    private static bool TryHex(string hex, Span<byte> destination) =>
        Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done && written == hex.Length / 2;
}
