using System.Globalization;
using Nines.Metrics.Head;

namespace Nines.Query.Tests.Engine;

/// <summary>Helpers to run queries over loaded series and read results as "labels => value" strings.</summary>
public abstract class EngineTestBase
{
    internal static (PromQlEngine Engine, HeadBlockSource Source) CreateSut(string series, QueryEngineOptions? options = null)
    {
        HeadBlock head = SeriesLoader.Load(series);
        return (new PromQlEngine(options), new HeadBlockSource(head));
    }

    internal static string[] InstantVector(string series, string query, long timeSeconds)
    {
        var (engine, source) = CreateSut(series);
        var result = engine.Instant(source, query, timeSeconds * 1000);
        var vector = Assert.IsType<VectorResult>(result.Value);
        return [.. vector.Samples.Select(s => s.Metric + " => " + Format(s.Value))];
    }

    internal static string[] SortedInstantVector(string series, string query, long timeSeconds) =>
        [.. InstantVector(series, query, timeSeconds).Order(StringComparer.Ordinal)];

    internal static string[] RangeMatrix(string series, string query, long startSeconds, long endSeconds, long stepSeconds)
    {
        var (engine, source) = CreateSut(series);
        var result = engine.Range(source, query, startSeconds * 1000, endSeconds * 1000, stepSeconds * 1000);
        var matrix = Assert.IsType<MatrixResult>(result.Value);
        return [.. matrix.Series.Select(s => s.Metric + " => " + string.Join(" ", s.Timestamps.Zip(s.Values, (t, v) => Format(v) + "@" + (t / 1000).ToString(CultureInfo.InvariantCulture))))];
    }

    internal static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
