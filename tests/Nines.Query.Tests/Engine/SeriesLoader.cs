using System.Globalization;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Query.Tests.Engine;

/// <summary>
/// Loads series written in Prometheus' promqltest notation into a <see cref="HeadBlock"/>:
/// <code>
/// load 5m
///   http_requests{job="api"} 0+10x10 _ stale 1 -2x3
/// </code>
/// The n-th value is at n × interval ms from 0; <c>a+bxN</c> expands to N+1 values, <c>_</c> skips
/// one step (<c>_xN</c> N steps), <c>stale</c> writes a staleness marker.
/// </summary>
internal static class SeriesLoader
{
    public static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    public static HeadBlock Load(string text)
    {
        var head = new HeadBlock();
        long interval = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("load ", StringComparison.Ordinal))
            {
                interval = ParseDuration(line[5..].Trim());
                continue;
            }

            var split = SplitSeries(line);
            var labels = Labels(split.Selector);
            var id = head.GetOrCreateSeries(labels);
            long step = 0;
            foreach (var token in split.Values.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var v in Expand(token))
                {
                    if (v is double d)
                    {
                        head.Append(id, step * interval, d);
                    }

                    step++;
                }
            }
        }

        return head;
    }

    private static (string Selector, string Values) SplitSeries(string line)
    {
        var brace = line.IndexOf('}', StringComparison.Ordinal);
        var cut = brace >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
        return (line[..cut].Trim(), line[cut..].Trim());
    }

    private static LabelSet Labels(string selector)
    {
        var b = new LabelSetBuilder();
        foreach (var m in PromQlEngine.ParseSelector(selector))
        {
            if (m.Type == MatcherType.Equal)
            {
                b.Add(m.Name, m.Value);
            }
        }

        return b.Build();
    }

    private static IEnumerable<double?> Expand(string token)
    {
        if (token == "_")
        {
            yield return null;
            yield break;
        }

        if (token == "stale")
        {
            yield return StaleNaN;
            yield break;
        }

        var x = token.LastIndexOf('x');
        if (x < 0)
        {
            yield return Number(token);
            yield break;
        }

        var times = int.Parse(token[(x + 1)..], CultureInfo.InvariantCulture);
        var body = token[..x];
        if (body == "_")
        {
            for (var i = 0; i < times; i++)
            {
                yield return null;
            }

            yield break;
        }

        // a+b or a-b, where a may itself be negative.
        var sign = body.IndexOfAny(['+', '-'], 1);
        var start = sign < 0 ? Number(body) : Number(body[..sign]);
        var inc = sign < 0 ? 0 : Number(body[sign..]);
        for (var i = 0; i <= times; i++)
        {
            yield return start + (inc * i);
        }
    }

    private static double Number(string s) => s.ToLowerInvariant() switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static long ParseDuration(string s)
    {
        var unit = s.TrimStart("0123456789".ToCharArray());
        var n = long.Parse(s[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            "h" => n * 3_600_000,
            _ => throw new ArgumentException("unsupported load interval " + s),
        };
    }
}
