using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Functions.Histograms;

namespace Nines.Query.Http;

/// <summary>
/// Writes the Prometheus API envelope <c>{"status", "data", "errorType", "error", "warnings", "infos"}</c>
/// with a <see cref="Utf8JsonWriter"/> straight into the response pipe, flushing as the buffer
/// fills: a large matrix is streamed, never built as objects first.
/// </summary>
internal static class ApiResponse
{
    private const int FlushThreshold = 32 * 1024;

    // Go does not escape '+' or non-ASCII text; the default encoder would write "\u002BInf".
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>HTTP status of an errorType, as web/api/v1 respondError maps them.</summary>
    public static int StatusCode(QueryErrorType type) => type switch
    {
        QueryErrorType.BadData => StatusCodes.Status400BadRequest,
        QueryErrorType.Execution => StatusCodes.Status422UnprocessableEntity,
        QueryErrorType.Canceled => 499,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The errorType string.</summary>
    public static string ErrorType(QueryErrorType type) => type switch
    {
        QueryErrorType.BadData => "bad_data",
        QueryErrorType.Execution => "execution",
        QueryErrorType.Timeout => "timeout",
        QueryErrorType.Canceled => "canceled",
        _ => "unavailable",
    };

    /// <summary>Writes an error envelope with Prometheus' status code.</summary>
    public static async Task WriteErrorAsync(HttpContext context, QueryErrorType type, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCode(type);
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("status", "error");
        writer.WriteString("errorType", ErrorType(type));
        writer.WriteString("error", message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Starts a success envelope: <c>{"status":"success","data":</c>; the caller writes the data.</summary>
    public static Utf8JsonWriter BeginSuccess(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        writer.WritePropertyName("data");
        return writer;
    }

    /// <summary>Closes the envelope with the warnings and infos (left out when empty, as Prometheus does).</summary>
    public static async Task EndSuccessAsync(HttpContext context, Utf8JsonWriter writer, IReadOnlyList<string>? warnings = null, IReadOnlyList<string>? infos = null)
    {
        WriteStrings(writer, "warnings", warnings);
        WriteStrings(writer, "infos", infos);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Hands what is buffered to the pipe once it is large, so a big answer streams.</summary>
    public static async ValueTask MaybeFlushAsync(HttpContext context, Utf8JsonWriter writer)
    {
        if (writer.BytesPending > FlushThreshold)
        {
            writer.Flush();
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>A label set as a JSON object.</summary>
    public static void WriteLabels(Utf8JsonWriter writer, LabelSet labels)
    {
        writer.WriteStartObject();
        foreach (var label in labels)
        {
            writer.WriteString(label.Name, label.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>A vector or matrix point <c>[1435781451.781, "1"]</c>, written as one raw value (the hot path: no allocation, no per-token bookkeeping).</summary>
    public static void WritePoint(Utf8JsonWriter writer, long timestamp, double value)
    {
        Span<char> chars = stackalloc char[80];
        var n = 0;
        chars[n++] = '[';
        n += PromFormat.FormatPointTimestamp(timestamp, chars[n..]);
        chars[n++] = ',';
        chars[n++] = '"';
        n += PromFormat.FormatPointValue(value, chars[n..]);
        chars[n++] = '"';
        chars[n++] = ']';

        // Every character is ASCII: narrow without a transcoder.
        Span<byte> bytes = stackalloc byte[80];
        for (var i = 0; i < n; i++)
        {
            bytes[i] = (byte)chars[i];
        }

        writer.WriteRawValue(bytes[..n], skipInputValidation: true);
    }

    /// <summary>
    /// A native-histogram point <c>[t, {"count":"…","sum":"…","buckets":[[rule,"lower","upper","count"],…]}]</c>
    /// as 2.42's marshalHistogram writes it: numbers formatted like point values, empty buckets left
    /// out, and no "buckets" field at all when every bucket is empty. The rule is 0 for (l,u],
    /// 1 for [l,u), 2 for (l,u) and 3 for [l,u].
    /// </summary>
    public static void WriteHistogramPoint(Utf8JsonWriter writer, long timestamp, FloatHistogram h)
    {
        Span<char> buffer = stackalloc char[80];
        writer.WriteStartArray();
        writer.WriteRawValue(buffer[..PromFormat.FormatPointTimestamp(timestamp, buffer)], skipInputValidation: true);
        writer.WriteStartObject();
        writer.WriteString("count", buffer[..PromFormat.FormatPointValue(h.Count, buffer)]);
        writer.WriteString("sum", buffer[..PromFormat.FormatPointValue(h.Sum, buffer)]);
        var started = false;
        foreach (var bucket in HistogramMath.AllBuckets(h))
        {
            if (bucket.Count == 0)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("buckets");
                started = true;
            }

            writer.WriteStartArray();
            writer.WriteNumberValue(bucket.BoundaryRule);
            writer.WriteStringValue(buffer[..PromFormat.FormatPointValue(bucket.Lower, buffer)]);
            writer.WriteStringValue(buffer[..PromFormat.FormatPointValue(bucket.Upper, buffer)]);
            writer.WriteStringValue(buffer[..PromFormat.FormatPointValue(bucket.Count, buffer)]);
            writer.WriteEndArray();
        }

        if (started)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>A scalar <c>[1435781451.781, "1"]</c>, formatted as encoding/json does for scalars.</summary>
    public static void WriteScalar(Utf8JsonWriter writer, long timestamp, double value)
    {
        Span<char> buffer = stackalloc char[400];
        writer.WriteStartArray();
        var n = PromFormat.FormatScalarTimestamp(timestamp, buffer);
        writer.WriteRawValue(buffer[..n], skipInputValidation: true);
        buffer[0] = '"';
        n = PromFormat.FormatScalarValue(value, buffer[1..^1]) + 1;
        buffer[n++] = '"';
        writer.WriteRawValue(buffer[..n], skipInputValidation: true);
        writer.WriteEndArray();
    }

    /// <summary>A string result <c>[1.5, "text"]</c>.</summary>
    public static void WriteString(Utf8JsonWriter writer, long timestamp, string value)
    {
        Span<char> buffer = stackalloc char[64];
        writer.WriteStartArray();
        var n = PromFormat.FormatScalarTimestamp(timestamp, buffer);
        writer.WriteRawValue(buffer[..n], skipInputValidation: true);
        writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++)
        {
            writer.WriteStringValue(values[i]);
        }

        writer.WriteEndArray();
    }
}
