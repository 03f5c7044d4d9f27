using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Collections;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Trace.V1;

namespace Nines.Ingest.Otlp;

/// <summary>
/// Formats OTLP attributes, span events and links as UTF-8 JSON into a reused buffer (the events
/// store keeps them as JSON text). The span returned is valid until the next call on this instance.
/// Attribute values keep their JSON type: strings, numbers, booleans, arrays, objects; bytes as base64.
/// </summary>
internal sealed class JsonScratch
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonScratch() => _writer = new Utf8JsonWriter(_buffer, Options);

    public ReadOnlySpan<byte> Attributes(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return default;
        }

        Reset();
        WriteObject(attributes);
        return Done();
    }

    public ReadOnlySpan<byte> Events(RepeatedField<Span.Types.Event> events)
    {
        if (events.Count == 0)
        {
            return default;
        }

        Reset();
        _writer.WriteStartArray();
        foreach (var e in events)
        {
            _writer.WriteStartObject();
            _writer.WriteNumber("time_unix_nano"u8, e.TimeUnixNano);
            _writer.WriteString("name"u8, e.Name);
            if (e.Attributes.Count > 0)
            {
                _writer.WritePropertyName("attributes"u8);
                WriteObject(e.Attributes);
            }

            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        return Done();
    }

    public ReadOnlySpan<byte> Links(RepeatedField<Span.Types.Link> links)
    {
        if (links.Count == 0)
        {
            return default;
        }

        Reset();
        _writer.WriteStartArray();
        foreach (var link in links)
        {
            _writer.WriteStartObject();
            _writer.WriteString("trace_id"u8, Convert.ToHexStringLower(link.TraceId.Span));
            _writer.WriteString("span_id"u8, Convert.ToHexStringLower(link.SpanId.Span));
            if (link.TraceState.Length > 0)
            {
                _writer.WriteString("trace_state"u8, link.TraceState);
            }

            if (link.Attributes.Count > 0)
            {
                _writer.WritePropertyName("attributes"u8);
                WriteObject(link.Attributes);
            }

            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        return Done();
    }

    /// <summary>A structured log body (anything but a string) as JSON text.</summary>
    public string Value(AnyValue value)
    {
        Reset();
        WriteValue(value);
        return System.Text.Encoding.UTF8.GetString(Done());
    }

    private void WriteObject(RepeatedField<KeyValue> attributes)
    {
        _writer.WriteStartObject();
        foreach (var kv in attributes)
        {
            _writer.WritePropertyName(kv.Key);
            WriteValue(kv.Value);
        }

        _writer.WriteEndObject();
    }

    private void WriteValue(AnyValue? value)
    {
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue:
                _writer.WriteStringValue(value!.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                _writer.WriteBooleanValue(value!.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                _writer.WriteNumberValue(value!.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value!.DoubleValue):
                _writer.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                // JSON has no NaN or Infinity; keep them readable as proto3 JSON does.
                _writer.WriteStringValue(double.IsNaN(value!.DoubleValue) ? "NaN" : value.DoubleValue > 0 ? "Infinity" : "-Infinity");
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                _writer.WriteBase64StringValue(value!.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                _writer.WriteStartArray();
                foreach (var item in value!.ArrayValue.Values)
                {
                    WriteValue(item);
                }

                _writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                WriteObject(value!.KvlistValue.Values);
                break;
            default:
                _writer.WriteNullValue();
                break;
        }
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private ReadOnlySpan<byte> Done()
    {
        _writer.Flush();
        return _buffer.WrittenSpan;
    }
}
