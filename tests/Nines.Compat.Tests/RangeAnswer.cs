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

    public bool Succeeded => Status == 200 && ErrorType is null;

    public static async Task<RangeAnswer> QueryAsync(HttpClient client, string query, long startMs, long endMs, string step)
    {
        using var form = new FormUrlEncodedContent(
        [
            new("query", query),
            new("start", (startMs / 1000.0).ToString("R", CultureInfo.InvariantCulture)),
            new("end", (endMs / 1000.0).ToString("R", CultureInfo.InvariantCulture)),
            new("step", step),
        ]);
        using var response = await client.PostAsync("api/v1/query_range", form);
        var body = await response.Content.ReadAsStringAsync();
        var answer = new RangeAnswer { Status = (int)response.StatusCode, Body = body };
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                return new RangeAnswer { Status = answer.Status, Body = body, ErrorType = root.GetProperty("errorType").GetString(), Error = root.GetProperty("error").GetString() };
            }

            foreach (var series in root.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var labels = series.GetProperty("metric").EnumerateObject().Select(p => $"{p.Name}=\"{p.Value.GetString()}\"").Order(StringComparer.Ordinal);
                var points = new List<(string, double)>();
                foreach (var point in series.GetProperty("values").EnumerateArray())
                {
                    points.Add((point[0].GetRawText(), ParseValue(point[1].GetString()!)));
                }

                answer.Series["{" + string.Join(", ", labels) + "}"] = points;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new RangeAnswer { Status = answer.Status, Body = body, ErrorType = "unparsable", Error = e.Message };
        }

        return answer;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
