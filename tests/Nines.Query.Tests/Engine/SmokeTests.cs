namespace Nines.Query.Tests.Engine;

/// <summary>First evaluations; expected values are what promtool (Prometheus 2.42) returned for the same data.</summary>
public sealed class SmokeTests : EngineTestBase
{
    private const string Requests = """
        load 5m
        http_requests{job="api", instance="0"} 0+10x10
        http_requests{job="api", instance="1"} 0+20x10
        http_requests{job="web", instance="0"} 0+30x10 _ stale
        """;

    [Fact]
    public void Instant_Rate_ExtrapolatesPerSeriesAndDropsName()
    {
        var result = SortedInstantVector(Requests, "rate(http_requests[10m])", 3000);

        Assert.Equal(
            [
                "{instance=\"0\", job=\"api\"} => 0.03333333333333333",
                "{instance=\"0\", job=\"web\"} => 0.1",
                "{instance=\"1\", job=\"api\"} => 0.06666666666666667",
            ],
            result);
    }

    [Fact]
    public void Instant_SumBy_GroupsByJob()
    {
        var result = SortedInstantVector(Requests, "sum by (job) (http_requests)", 3000);

        Assert.Equal(["{job=\"api\"} => 300", "{job=\"web\"} => 300"], result);
    }

    [Fact]
    public void Instant_AfterLastSampleAndStaleMarker_ReturnsNothing()
    {
        Assert.Empty(InstantVector(Requests, "http_requests", 3600));
    }

    [Fact]
    public void Instant_GapWithinLookback_ReturnsLastSample()
    {
        var result = SortedInstantVector(Requests, "http_requests", 3300);

        Assert.Equal(
            [
                "http_requests{instance=\"0\", job=\"api\"} => 100",
                "http_requests{instance=\"0\", job=\"web\"} => 300",
                "http_requests{instance=\"1\", job=\"api\"} => 200",
            ],
            result);
    }
}
