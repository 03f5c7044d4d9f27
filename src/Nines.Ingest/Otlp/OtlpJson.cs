using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Nines.Ingest.Otlp;

/// <summary>
/// OTLP/JSON (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): proto3 JSON with
/// two exceptions this class handles before Google.Protobuf's parser sees the document —
/// <c>traceId</c>, <c>spanId</c> and <c>parentSpanId</c> are hex, not base64 — and unknown fields
/// must be ignored — and one parser limit: Google.Protobuf reads JSON numbers through a double, so
/// an int64 sent as a number above 2^53 (nanosecond times are) would lose its last digits; such
/// numbers are turned into strings, which proto3 JSON accepts for every numeric field.
/// Integer enums are proto3 JSON already.
/// </summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <exception cref="FormatException">Not JSON, not this message, or a bad hex id; the message says which.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8)
        where T : IMessage<T>, new()
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        if (root is not JsonObject)
        {
            throw new FormatException("An OTLP/JSON body is a JSON object.");
        }

        Normalize(root);
        try
        {
            return Parser.Parse<T>(root.ToJsonString());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException("The body is not an OTLP/JSON " + typeof(T).Name + ": " + e.Message, e);
        }
        catch (InvalidJsonException e)
        {
            throw new FormatException("The body is not an OTLP/JSON " + typeof(T).Name + ": " + e.Message, e);
        }
    }

    public static string Format(IMessage message) => Formatter.Format(message);

    private static void Normalize(JsonNode node)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue value && BigInteger(value) is { } text)
                {
                    array[i] = text;
                }
                else if (array[i] is { } item)
                {
                    Normalize(item);
                }
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        List<(string Name, string Text)>? replaced = null;
        foreach (var (name, value) in obj)
        {
            var length = IdLength(name);
            if (length > 0 && value is JsonValue v && v.TryGetValue<string>(out var hex))
            {
                (replaced ??= []).Add((name, ToBase64(name, hex, length)));
            }
            else if (value is JsonValue number && BigInteger(number) is { } text)
            {
                (replaced ??= []).Add((name, text));
            }
            else if (value is not null)
            {
                Normalize(value);
            }
        }

        if (replaced is not null)
        {
            foreach (var (name, text) in replaced)
            {
                obj[name] = text;
            }
        }
    }

    // The digits of an integer JSON number too large for a double to hold exactly, else null.
    private static string? BigInteger(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        var text = value.ToJsonString();
        var digits = text.AsSpan(text.StartsWith('-') ? 1 : 0);
        return digits.Length > 15 && !digits.ContainsAnyExcept("0123456789") ? text : null;
    }

    // Byte length of an id field (both proto3 JSON spellings), 0 for other fields.
    private static int IdLength(string name) => name switch
    {
        "traceId" or "trace_id" => 16,
        "spanId" or "span_id" or "parentSpanId" or "parent_span_id" => 8,
        _ => 0,
    };

    private static string ToBase64(string name, string hex, int length)
    {
        if (hex.Length == 0)
        {
            return "";
        }

        if (hex.Length != length * 2)
        {
            throw new FormatException($"'{name}' must be {length * 2} hex digits (OTLP/JSON encodes ids as hex), got {hex.Length} characters.");
        }

        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{name}' is not hex: '{hex}'.", e);
        }
    }
}
