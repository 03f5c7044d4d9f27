using System.Globalization;
using System.Text.Json;

namespace Nines.Compat.Tests;

/// <summary>A range query's answer from either system, parsed for comparison.</summary>
internal sealed class RangeAnswer
{
    public int Status { get; private init; }

    public string? ErrorType { get; private init; }

    public string? Error { get; private init; }

    public string Body { get; private init; } = "";

    /// <summary>Series keyed by their labels' text, in label order.</summary>
    public SortedDictionary<string, List<(string Time, double Value)>> Series { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The native histogram samples of the series in <see cref="Series"/> that have any (a series
    /// can hold floats and histograms), under the same keys.
    /// </summary>
    public SortedDictionary<string, List<(string Time, HistogramPoint Value)>> Histograms { get; } = new(StringComparer.Ordinal);

    public bool Succeeded => Status == 200 && ErrorType is null;

    /// <summary>The result type (matrix, vector, scalar or string) of a successful answer.</summary>
    public string? ResultType { get; private set; }

    /// <summary>The series' keys in the order the server listed them.</summary>
    public List<string> Order { get; } = [];

    public static Task<RangeAnswer> QueryAsync(HttpClient client, string query, long startMs, long endMs, string step) =>
        PostAsync(client, "api/v1/query_range",
        [
            new("query", query),
            new("start", Seconds(startMs)),
            new("end", Seconds(endMs)),
            new("step", step),
        ]);

    /// <summary>An instant query at <paramref name="timeMs"/>; a vector's or scalar's value is one point.</summary>
    public static Task<RangeAnswer> InstantAsync(HttpClient client, string query, long timeMs) =>
        PostAsync(client, "api/v1/query", [new("query", query), new("time", Seconds(timeMs))]);

    private static string Seconds(long ms) => (ms / 1000.0).ToString("R", CultureInfo.InvariantCulture);

    private static async Task<RangeAnswer> PostAsync(HttpClient client, string path, KeyValuePair<string, string>[] parameters)
    {
        using var form = new FormUrlEncodedContent(parameters);
        using var response = await client.PostAsync(path, form);
        return Parse((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Parses an answer of the query API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>).</summary>
    public static RangeAnswer Parse(int status, string body)
    {
        var answer = new RangeAnswer { Status = status, Body = body };
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                return new RangeAnswer { Status = answer.Status, Body = body, ErrorType = root.GetProperty("errorType").GetString(), Error = root.GetProperty("error").GetString() };
            }

            var data = root.GetProperty("data");
            answer.ResultType = data.GetProperty("resultType").GetString();
            var result = data.GetProperty("result");
            if (answer.ResultType is "scalar" or "string")
            {
                answer.Add("{}", [(result[0].GetRawText(), answer.ResultType == "string" ? double.NaN : ParseValue(result[1].GetString()!))]);
                return answer;
            }

            foreach (var series in result.EnumerateArray())
            {
                var labels = series.GetProperty("metric").EnumerateObject().Select(p => $"{p.Name}=\"{p.Value.GetString()}\"").Order(StringComparer.Ordinal);
                var points = new List<(string, double)>();
                if (series.TryGetProperty("value", out var value))
                {
                    points.Add((value[0].GetRawText(), ParseValue(value[1].GetString()!)));
                }
                else if (series.TryGetProperty("values", out var values))
                {
                    foreach (var point in values.EnumerateArray())
                    {
                        points.Add((point[0].GetRawText(), ParseValue(point[1].GetString()!)));
                    }
                }

                // A native histogram sample is "histogram" in a vector, "histograms" beside "values" in a matrix.
                var histograms = new List<(string, HistogramPoint)>();
                if (series.TryGetProperty("histogram", out var histogram))
                {
                    histograms.Add((histogram[0].GetRawText(), HistogramPoint.Parse(histogram[1], ParseValue)));
                }
                else if (series.TryGetProperty("histograms", out var histogramValues))
                {
                    foreach (var point in histogramValues.EnumerateArray())
                    {
                        histograms.Add((point[0].GetRawText(), HistogramPoint.Parse(point[1], ParseValue)));
                    }
                }

                answer.Add("{" + string.Join(", ", labels) + "}", points, histograms);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return new RangeAnswer { Status = answer.Status, Body = body, ErrorType = "unparsable", Error = e.Message };
        }

        return answer;
    }

    private void Add(string key, List<(string, double)> points, List<(string, HistogramPoint)>? histograms = null)
    {
        // Two series with one label set is an engine bug; keep both visible to the comparison.
        while (!Series.TryAdd(key, points))
        {
            key += " (duplicate)";
        }

        if (histograms is { Count: > 0 })
        {
            Histograms[key] = histograms;
        }

        Order.Add(key);
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
