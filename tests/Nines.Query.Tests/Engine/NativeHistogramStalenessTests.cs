using Nines.Metrics.Head;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;

namespace Nines.Query.Tests.Engine;

/// <summary>
/// Staleness of native-histogram series: scrapes end a series with a float stale NaN even when it
/// held histograms (Prometheus' scrape loop appends the marker as a float), and the marker must
/// end the histogram's lookback and stay out of range selectors, as for floats.
/// </summary>
public sealed class NativeHistogramStalenessTests
{
    [Fact]
    public void Instant_BeforeStaleMarker_ReturnsHistogram()
    {
        var sample = Assert.Single(Vector(CreateSut(), "x", 10));

        Assert.Equal(3.0, sample.Histogram?.Count);
    }

    [Fact]
    public void Instant_AfterStaleMarker_ReturnsNothing()
    {
        Assert.Empty(Vector(CreateSut(), "x", 20));
    }

    [Fact]
    public void CountOverTime_LeavesStaleMarkerOut()
    {
        var sample = Assert.Single(Vector(CreateSut(), "count_over_time(x[1m])", 20));

        Assert.Equal(1.0, sample.Value);
    }

    private static IReadOnlyList<VectorSample> Vector(HeadBlockSource source, string query, long seconds) =>
        Assert.IsType<VectorResult>(new PromQlEngine().Instant(source, query, seconds * 1000).Value).Samples;

    private static HeadBlockSource CreateSut()
    {
        var head = new HeadBlock();
        var id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "x"));
        head.AppendHistogram(id, 0, new Histogram { Count = 3, Sum = 2, PositiveSpans = [new(0, 1)], PositiveBuckets = [3] });
        head.Append(id, 15_000, SeriesLoader.StaleNaN);
        return new HeadBlockSource(head);
    }
}
