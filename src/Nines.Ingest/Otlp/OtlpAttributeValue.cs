using System.Globalization;
using System.Text;
using System.Text.Json;
using Nines.Ingest.Otlp.Proto.Common.V1;

namespace Nines.Ingest.Otlp;

/// <summary>Renders an OTLP <c>AnyValue</c> as a label value, as pdata's <c>Value.AsString</c> does.</summary>
internal static class OtlpAttributeValue
{
    public static string AsString(AnyValue? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => PrometheusFloat.Format(value.DoubleValue),
            AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
            AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => Json(value),
            _ => string.Empty,
        };
    }

    private static string Json(AnyValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void Write(Utf8JsonWriter writer, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: writer.WriteStringValue(value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: writer.WriteBooleanValue(value.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: writer.WriteNumberValue(value.IntValue); break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue): writer.WriteNumberValue(value.DoubleValue); break;
            case AnyValue.ValueOneofCase.DoubleValue: writer.WriteStringValue(PrometheusFloat.Format(value.DoubleValue)); break;
            case AnyValue.ValueOneofCase.BytesValue: writer.WriteBase64StringValue(value.BytesValue.Span); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var kv in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(kv.Key);
                    Write(writer, kv.Value);
                }

                writer.WriteEndObject();
                break;
            default: writer.WriteNullValue(); break;
        }
    }
}
