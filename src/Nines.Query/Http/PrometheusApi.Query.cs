using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Metrics.Histograms;

namespace Nines.Query.Http;

internal sealed partial class PrometheusApi
{
    /// <summary><c>/api/v1/query</c>: query, time (default now), timeout.</summary>
    public async Task QueryAsync(HttpContext context, ApiParameters parameters)
    {
        var at = parameters.TimeOr("time", time.GetUtcNow().ToUnixTimeMilliseconds());
        var timeout = Timeout(parameters);
        var query = parameters.Get("query");
        var resolution = parameters.MaxSourceResolution();
        QueryResult result;
        try
        {
            result = await RunAsync(context, timeout, resolution, query, at, at, 0, (source, ct) => engine.Instant(source, query, at, ct));
        }
        catch (QueryException e) when (e.Type == QueryErrorType.BadData)
        {
            // The instant handler wraps parse errors with the parameter name; query_range does not.
            throw ApiParameters.Invalid("query", ParseMessage(e));
        }

        await WriteResultAsync(context, result);
    }

    /// <summary><c>/api/v1/query_range</c>: query, start, end, step, timeout.</summary>
    public async Task QueryRangeAsync(HttpContext context, ApiParameters parameters)
    {
        var start = parameters.RequiredTime("start");
        var end = parameters.RequiredTime("end");
        if (end < start)
        {
            throw ApiParameters.Invalid("end", "end timestamp must not be before start time");
        }

        var stepMs = parameters.Duration("step");
        if (stepMs <= 0)
        {
            throw ApiParameters.Invalid("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        // Go divides two durations (integers): the quotient is truncated.
        if (Math.Floor((end - (double)start) / stepMs) > options.Engine.MaxPointsPerSeries)
        {
            throw new QueryException(QueryErrorType.BadData,
                $"exceeded maximum resolution of {options.Engine.MaxPointsPerSeries:N0} points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        var timeout = Timeout(parameters);
        var query = parameters.Get("query");
        var step = Math.Max(1, (long)stepMs);
        var resolution = parameters.MaxSourceResolution();
        QueryResult result;
        try
        {
            result = await RunAsync(context, timeout, resolution, query, start, end, step, (source, ct) => engine.Range(source, query, start, end, step, ct));
        }
        catch (QueryException e) when (e.Type == QueryErrorType.BadData)
        {
            throw new QueryException(QueryErrorType.BadData, ParseMessage(e));
        }

        await WriteResultAsync(context, result);
    }

    /// <summary><c>/api/v1/format_query</c>: the query pretty-printed.</summary>
    public async Task FormatQueryAsync(HttpContext context, ApiParameters parameters)
    {
        string formatted;
        try
        {
            formatted = PromQlEngine.Format(parameters.Get("query"));
        }
        catch (QueryException e) when (e.Type == QueryErrorType.BadData)
        {
            throw ApiParameters.Invalid("query", ParseMessage(e));
        }

        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStringValue(formatted);
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    // Prometheus' parse errors read "1:5: parse error: unclosed left parenthesis".
    private static string ParseMessage(QueryException e)
    {
        var message = e.Message;
        if (e.Line > 0 && (message.Length == 0 || !char.IsAsciiDigit(message[0])))
        {
            return $"{e.Line}:{e.Column}: parse error: {message}";
        }

        return message;
    }

    /// <summary>Writes a query result as the data of a success envelope (internal for the JSON tests).</summary>
    internal static async Task WriteResultAsync(HttpContext context, QueryResult result)
    {
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteString("resultType", result.Value.ResultType);
            writer.WritePropertyName("result");
            switch (result.Value)
            {
                case ScalarResult scalar:
                    ApiResponse.WriteScalar(writer, scalar.Timestamp, scalar.Value);
                    break;
                case StringResult text:
                    ApiResponse.WriteString(writer, text.Timestamp, text.Value);
                    break;
                case VectorResult vector:
                    await WriteVectorAsync(context, writer, vector);
                    break;
                case MatrixResult matrix:
                    await WriteMatrixAsync(context, writer, matrix);
                    break;
            }

            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer, result.Warnings, result.Infos);
        }
    }

    private static async Task WriteVectorAsync(HttpContext context, Utf8JsonWriter writer, VectorResult vector)
    {
        writer.WriteStartArray();
        var samples = vector.Samples;
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            writer.WriteStartObject();
            writer.WritePropertyName("metric");
            ApiResponse.WriteLabels(writer, sample.Metric);
            if (sample.Histogram is { } histogram)
            {
                writer.WritePropertyName("histogram");
                ApiResponse.WriteHistogramPoint(writer, sample.Timestamp, histogram);
            }
            else
            {
                writer.WritePropertyName("value");
                ApiResponse.WritePoint(writer, sample.Timestamp, sample.Value);
            }

            writer.WriteEndObject();
            await ApiResponse.MaybeFlushAsync(context, writer);
        }

        writer.WriteEndArray();
    }

    private static async Task WriteMatrixAsync(HttpContext context, Utf8JsonWriter writer, MatrixResult matrix)
    {
        writer.WriteStartArray();
        var series = matrix.Series;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            writer.WriteStartObject();
            writer.WritePropertyName("metric");
            ApiResponse.WriteLabels(writer, s.Metric);
            var timestamps = s.Timestamps;
            var values = s.Values;
            var histograms = s.Histograms;
            if (histograms is null)
            {
                writer.WriteStartArray("values");
                for (var k = 0; k < timestamps.Length; k++)
                {
                    ApiResponse.WritePoint(writer, timestamps[k], values[k]);
                    if ((k & 255) == 255)
                    {
                        await ApiResponse.MaybeFlushAsync(context, writer);
                    }
                }

                writer.WriteEndArray();
            }
            else
            {
                await WriteMixedPointsAsync(context, writer, timestamps, values, histograms);
            }

            writer.WriteEndObject();
            await ApiResponse.MaybeFlushAsync(context, writer);
        }

        writer.WriteEndArray();
    }

    /// <summary>A series with histogram points: "values" (float points) then "histograms", each left out when it would be empty (2.42).</summary>
    private static async Task WriteMixedPointsAsync(HttpContext context, Utf8JsonWriter writer, long[] timestamps, double[] values, FloatHistogram?[] histograms)
    {
        var floats = 0;
        foreach (var h in histograms)
        {
            floats += h is null ? 1 : 0;
        }

        if (floats > 0)
        {
            writer.WriteStartArray("values");
            for (var k = 0; k < timestamps.Length; k++)
            {
                if (histograms[k] is null)
                {
                    ApiResponse.WritePoint(writer, timestamps[k], values[k]);
                }
            }

            writer.WriteEndArray();
        }

        if (floats < timestamps.Length)
        {
            writer.WriteStartArray("histograms");
            for (var k = 0; k < timestamps.Length; k++)
            {
                if (histograms[k] is { } h)
                {
                    ApiResponse.WriteHistogramPoint(writer, timestamps[k], h);
                    await ApiResponse.MaybeFlushAsync(context, writer);
                }
            }

            writer.WriteEndArray();
        }
    }
}
