using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nines.Events;
using Nines.Ingest.Loki.Proto;

namespace Nines.Ingest.Loki;

/// <summary>
/// Loki push streams to events-store log records. The service is the <c>service_name</c> label
/// (Loki 3's default), else <c>service</c>, else <c>job</c>; the severity comes from a
/// <c>level</c>/<c>detected_level</c>/<c>severity</c> label or structured metadata entry; stream
/// labels are stored as the resource, structured metadata as attributes, and a
/// <c>trace_id</c>/<c>span_id</c> entry of hex ids as the record's trace context.
/// </summary>
internal sealed class LokiTranslator
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _resource = new(256);
    private readonly ArrayBufferWriter<byte> _attributes = new(256);
    private readonly byte[] _traceId = new byte[16];
    private readonly byte[] _spanId = new byte[8];
    private readonly List<KeyValuePair<string, string>> _metadata = [];

    /// <summary>Adds a protobuf push; returns the first problem (store nothing then), or null.</summary>
    public string? Translate(PushRequest request, EventBatch batch, long receivedUnixNano, Pipeline.PipelineScope? pipeline = null)
    {
        var redactor = pipeline?.Redactor;
        foreach (var stream in request.Streams)
        {
            List<KeyValuePair<string, string>> labels;
            try
            {
                labels = LokiLabels.Parse(stream.Labels);
            }
            catch (FormatException e)
            {
                return e.Message;
            }

            Redact(labels, redactor);
            var resource = Resource(labels);
            foreach (var entry in stream.Entries)
            {
                _metadata.Clear();
                foreach (var pair in entry.StructuredMetadata)
                {
                    _metadata.Add(new(pair.Name, pair.Value));
                }

                Redact(_metadata, redactor);

                var time = entry.Timestamp is null ? 0 : (entry.Timestamp.Seconds * 1_000_000_000) + entry.Timestamp.Nanos;
                if (time <= 0)
                {
                    return $"stream {stream.Labels}: an entry has no timestamp";
                }

                Add(batch, pipeline, labels, resource, time, Redact(entry.Line, redactor), receivedUnixNano);
            }
        }

        return null;
    }

    /// <summary>Adds a JSON push (<c>{"streams":[{"stream":{…},"values":[["ns","line",{…}]]}]}</c>); returns the first problem, or null.</summary>
    public string? Translate(ReadOnlySpan<byte> json, EventBatch batch, long receivedUnixNano, Pipeline.PipelineScope? pipeline = null)
    {
        var redactor = pipeline?.Redactor;
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
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array)
            {
                return "A Loki push body is {\"streams\": [...]}.";
            }

            foreach (var stream in streams.EnumerateArray())
            {
                var labels = new List<KeyValuePair<string, string>>();
                if (stream.ValueKind != JsonValueKind.Object || !stream.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    return "each stream needs \"stream\" labels and \"values\"";
                }

                if (stream.TryGetProperty("stream", out var labelObject) && labelObject.ValueKind == JsonValueKind.Object)
                {
                    foreach (var label in labelObject.EnumerateObject())
                    {
                        labels.Add(new(label.Name, label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText()));
                    }
                }

                Redact(labels, redactor);
                var resource = Resource(labels);
                foreach (var value in values.EnumerateArray())
                {
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() < 2
                        || value[0].ValueKind != JsonValueKind.String || value[1].ValueKind != JsonValueKind.String
                        || !long.TryParse(value[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var time) || time <= 0)
                    {
                        return "each value is [\"<unix epoch nanoseconds>\", \"<log line>\"] with an optional object of structured metadata";
                    }

                    _metadata.Clear();
                    if (value.GetArrayLength() > 2 && value[2].ValueKind == JsonValueKind.Object)
                    {
                        foreach (var pair in value[2].EnumerateObject())
                        {
                            _metadata.Add(new(pair.Name, pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText()));
                        }
                    }

                    Redact(_metadata, redactor);
                    Add(batch, pipeline, labels, resource, time, Redact(value[1].GetString()!, redactor), receivedUnixNano);
                }
            }
        }

        return null;
    }

    private void Add(EventBatch batch, Pipeline.PipelineScope? pipeline, List<KeyValuePair<string, string>> labels, byte[] resource, long time, string line, long receivedUnixNano)
    {
        var service = Find(labels, "service_name") ?? Find(labels, "service") ?? Find(labels, "job") ?? "unknown_service";
        var level = Find(_metadata, "level") ?? Find(labels, "level") ?? Find(labels, "detected_level") ?? Find(labels, "severity");
        var traceHex = Find(_metadata, "trace_id") ?? Find(_metadata, "traceID");
        var spanHex = Find(_metadata, "span_id") ?? Find(_metadata, "spanID");
        var entry = new LogEntry
        {
            TimeUnixNano = time,
            ObservedUnixNano = receivedUnixNano,
            Service = service,
            SeverityNumber = Severity(level),
            SeverityText = level,
            Body = line,
            TraceId = Hex(traceHex, _traceId) ? _traceId : default,
            SpanId = Hex(spanHex, _spanId) ? _spanId : default,
            Scope = "loki",
            AttributesJson = Attributes(),
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

    // Stream labels and structured metadata: a denied key's value goes whole, others are redacted as text.
    private static void Redact(List<KeyValuePair<string, string>> pairs, Pipeline.Redaction.Redactor? redactor)
    {
        if (redactor is not { Enabled: true })
        {
            return;
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            var (name, value) = pairs[i];
            if (redactor.TryRedactAttribute(name, value, out var redacted))
            {
                pairs[i] = new(name, redacted);
            }
        }
    }

    private static string Redact(string line, Pipeline.Redaction.Redactor? redactor) =>
        redactor is not null && redactor.TryRedact(line, out var redacted) ? redacted : line;

    private byte[] Resource(List<KeyValuePair<string, string>> labels)
    {
        _resource.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_resource, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in labels)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        // One copy per stream (not per line): the stream's lines share it.
        return _resource.WrittenSpan.ToArray();
    }

    private ReadOnlySpan<byte> Attributes()
    {
        if (_metadata.Count == 0)
        {
            return default;
        }

        _attributes.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_attributes, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _metadata)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return _attributes.WrittenSpan;
    }

    private static string? Find(List<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (var (key, value) in pairs)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    // OTLP severity numbers for the level words Loki's detected_level uses.
    private static int Severity(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" or "dbg" => 5,
        "info" or "information" or "notice" => 9,
        "warn" or "warning" => 13,
        "error" or "err" => 17,
        "fatal" or "critical" or "crit" or "panic" => 21,
        _ => 0,
    };

    private static bool Hex(string? hex, byte[] destination) =>
        hex is not null && hex.Length == destination.Length * 2
        && Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done && written == destination.Length
        && destination.AsSpan().ContainsAnyExcept((byte)0);
}
