using System.Globalization;
using Nines.Query.Engine;

namespace Nines.Query.Tests.Engine;

/// <summary>
/// Range queries whose expected matrices were assembled from Prometheus 2.42's answers at every
/// step (promtool promql_expr_test, one instant evaluation per step; <c>@ start()</c>/<c>@ end()</c>
/// written as the range's start/end for those). Series compare as sets, points exactly in order.
/// </summary>
public sealed partial class RangeOracleTests : EngineTestBase
{
    private static readonly Dictionary<string, string> Datasets = new()
    {
        ["Requests"] = RequestsSeries,
    };

    [Theory]
    [MemberData(nameof(RequestsCases))]
    public void Range_Query_MatchesPrometheusAtEveryStep(string dataset, string query, long start, long end, long step, string[] expected)
    {
        var (engine, source) = CreateSut(Datasets[dataset]);
        string[] actual;
        try
        {
            var result = engine.Range(source, query, start * 1000, end * 1000, step * 1000);
            var matrix = Assert.IsType<MatrixResult>(result.Value);
            actual = [.. matrix.Series.Select(s => Evaluator.LabelsString(s.Metric) + " => " + string.Join(" ", s.Timestamps.Zip(s.Values, (t, v) => Format(v) + "@" + (t / 1000).ToString(CultureInfo.InvariantCulture))))];
        }
        catch (QueryException ex)
        {
            actual = ["error: " + ex.Message];
        }

        var e = expected.Select(Normalize).Order(StringComparer.Ordinal).ToArray();
        var a = actual.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(e, a);
    }

    // Python printed floats as 300.0 and 1e-05; turn every point into .NET's round-trip form.
    private static string Normalize(string line)
    {
        var at = line.LastIndexOf(" => ", StringComparison.Ordinal);
        if (at < 0)
        {
            return line;
        }

        var points = line[(at + 4)..].Split(' ').Select(p =>
        {
            var i = p.LastIndexOf('@');
            var v = p[..i] switch
            {
                "Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var x => double.Parse(x, CultureInfo.InvariantCulture),
            };
            return Format(v) + p[i..];
        });
        return line[..(at + 4)] + string.Join(" ", points);
    }
}
