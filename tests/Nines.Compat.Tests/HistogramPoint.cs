using System.Globalization;
using System.Text.Json;

namespace Nines.Compat.Tests;

/// <summary>
/// A native histogram as the HTTP API renders it (<c>{"count","sum","buckets"}</c>, each bucket
/// <c>[boundaries, lower, upper, count]</c>, numbers as strings; boundaries 0: open left, 1: open
/// right, 2: open both, 3: closed both), parsed for comparison.
/// </summary>
internal sealed record HistogramPoint(double Count, double Sum, IReadOnlyList<HistogramPoint.Bucket> Buckets)
{
    public static HistogramPoint Parse(JsonElement json, Func<string, double> number)
    {
        var buckets = new List<Bucket>();
        if (json.TryGetProperty("buckets", out var array))
        {
            foreach (var b in array.EnumerateArray())
            {
                buckets.Add(new Bucket(b[0].GetInt32(), number(b[1].GetString()!), number(b[2].GetString()!), number(b[3].GetString()!)));
            }
        }

        return new HistogramPoint(number(json.GetProperty("count").GetString()!), number(json.GetProperty("sum").GetString()!), buckets);
    }

    /// <summary>The first difference from <paramref name="other"/> within the float tolerance, or null.</summary>
    public string? Difference(HistogramPoint other)
    {
        if (!ResultComparer.Close(Count, other.Count))
        {
            return $"count {Count:R} vs {other.Count:R}";
        }

        if (!ResultComparer.Close(Sum, other.Sum))
        {
            return $"sum {Sum:R} vs {other.Sum:R}";
        }

        if (Buckets.Count != other.Buckets.Count)
        {
            return $"{Buckets.Count} buckets vs {other.Buckets.Count} (first: {First(this)} vs {First(other)})";
        }

        for (var i = 0; i < Buckets.Count; i++)
        {
            var (a, b) = (Buckets[i], other.Buckets[i]);
            if (a.Boundaries != b.Boundaries || !ResultComparer.Close(a.Lower, b.Lower) || !ResultComparer.Close(a.Upper, b.Upper) || !ResultComparer.Close(a.Count, b.Count))
            {
                return $"bucket {i} {a} vs {b}";
            }
        }

        return null;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{{count={Count:R}, sum={Sum:R}, {Buckets.Count} buckets}}");

    private static string First(HistogramPoint h) => h.Buckets.Count == 0 ? "none" : h.Buckets[0].ToString();

    /// <summary>One bucket: which bounds are inclusive, the bounds, and the count.</summary>
    public sealed record Bucket(int Boundaries, double Lower, double Upper, double Count)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{(Boundaries is 1 or 3 ? "[" : "(")}{Lower:R},{Upper:R}{(Boundaries is 0 or 3 ? "]" : ")")}:{Count:R}");
    }
}
