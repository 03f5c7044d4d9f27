using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Nines.Compat.Tests;

/// <summary>One expanded corpus query; <paramref name="Step"/> overrides the range queries' step.</summary>
internal sealed record CorpusCase(string Query, bool ShouldFail, string? Step = null);

/// <summary>
/// The PromQL compliance corpus (promql-test-queries.yml) with its templates expanded as the
/// compliance tester does: every combination of the values of each variant argument, the first
/// argument varying slowest.
/// </summary>
internal static class Corpus
{
    // The compliance tester's variant values (promql/testcases in prometheus/compliance).
    private static readonly Dictionary<string, string[]> Variants = new(StringComparer.Ordinal)
    {
        ["range"] = ["1s", "15s", "1m", "5m", "15m", "1h"],
        ["offset"] = ["1m", "5m", "10m"],
        ["simpleAggrOp"] = ["sum", "avg", "max", "min", "count", "stddev", "stdvar"],
        ["simpleTimeAggrOp"] = ["sum", "avg", "max", "min", "count", "stddev", "stdvar", "absent", "last"],
        ["topBottomOp"] = ["topk", "bottomk"],
        ["quantile"] = ["-0.5", "0.1", "0.5", "0.75", "0.95", "0.90", "0.99", "1", "1.5"],
        ["arithBinOp"] = ["+", "-", "*", "/", "%", "^"],
        ["compBinOp"] = ["==", "!=", "<", ">", "<=", ">="],
        ["binOp"] = ["+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "<=", ">="],
        ["simpleMathFunc"] = ["abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "round"],
        ["extrapolatedRateFunc"] = ["delta", "rate", "increase"],
        ["clampFunc"] = ["clamp_min", "clamp_max"],
        ["instantRateFunc"] = ["idelta", "irate"],
        ["dateFunc"] = ["day_of_month", "day_of_week", "days_in_month", "hour", "minute", "month", "year"],
        ["smoothingFactor"] = ["0.1", "0.5", "0.8"],
        ["trendFactor"] = ["0.1", "0.5", "0.8"],
    };

    public static List<CorpusCase> Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var cases = new List<CorpusCase>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("test_cases")]).Children.Cast<YamlMappingNode>())
        {
            var query = ((YamlScalarNode)node.Children[new YamlScalarNode("query")]).Value!;
            var shouldFail = node.Children.TryGetValue(new YamlScalarNode("should_fail"), out var f) && ((YamlScalarNode)f).Value == "true";
            var step = node.Children.TryGetValue(new YamlScalarNode("step"), out var st) ? ((YamlScalarNode)st).Value : null;
            var args = node.Children.TryGetValue(new YamlScalarNode("variant_args"), out var a)
                ? ((YamlSequenceNode)a).Children.Select(n => ((YamlScalarNode)n).Value!).ToList()
                : [];
            foreach (var expanded in Expand(query, args, 0, new Dictionary<string, string>(StringComparer.Ordinal)))
            {
                cases.Add(new CorpusCase(expanded, shouldFail, step));
            }
        }

        return cases;
    }

    /// <summary>
    /// Fills in <c>{{.start}}</c>, <c>{{.mid}}</c> and <c>{{.end}}</c>: the data's first, middle and
    /// last scrape in whole Unix seconds.
    /// </summary>
    public static string FillTimes(string query, long startMs, long endMs) => query
        .Replace("{{.start}}", Seconds(startMs), StringComparison.Ordinal)
        .Replace("{{.mid}}", Seconds((startMs + endMs) / 2), StringComparison.Ordinal)
        .Replace("{{.end}}", Seconds(endMs), StringComparison.Ordinal);

    private static string Seconds(long ms) => (ms / 1000).ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<string> Expand(string template, List<string> args, int index, Dictionary<string, string> chosen)
    {
        if (index == args.Count)
        {
            var text = template;
            foreach (var (name, value) in chosen)
            {
                text = text.Replace("{{." + name + "}}", value, StringComparison.Ordinal);
            }

            yield return text;
            yield break;
        }

        foreach (var value in Variants[args[index]])
        {
            chosen[args[index]] = value;
            foreach (var q in Expand(template, args, index + 1, chosen))
            {
                yield return q;
            }
        }

        chosen.Remove(args[index]);
    }
}
