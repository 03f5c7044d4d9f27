namespace Nines.Query.Tests.Engine;

/// <summary>
/// Prometheus 3.x additions that 2.42 (the differential peer) lacks: expected values are worked out
/// by hand from the 3.x documentation (limitk keeps k series per group, limit_ratio samples by label
/// hash, sort_by_label sorts naturally by the given labels).
/// </summary>
public sealed class ExperimentalTests : EngineTestBase
{
    private const string Series = """
        load 1m
        up{job="a", instance="inst-10"} 1x5
        up{job="a", instance="inst-9"} 2x5
        up{job="a", instance="inst-1"} 3x5
        up{job="b", instance="inst-2"} 4x5
        """;

    [Fact]
    public void Instant_LimitkByJob_KeepsAtMostKSeriesPerGroupUnchanged()
    {
        var result = SortedInstantVector(Series, "limitk by (job) (1, up)", 120);

        Assert.Equal(2, result.Length);
        Assert.Single(result, r => r.Contains("job=\"a\"", StringComparison.Ordinal));
        Assert.Contains("up{instance=\"inst-2\", job=\"b\"} => 4", result);
    }

    [Fact]
    public void Instant_LimitkLargerThanGroup_KeepsEverySeries()
    {
        Assert.Equal(4, InstantVector(Series, "limitk(10, up)", 120).Length);
    }

    [Theory]
    [InlineData("limit_ratio(1, up)", 4)]
    [InlineData("limit_ratio(-1, up)", 4)]
    [InlineData("limit_ratio(0, up)", 0)]
    public void Instant_LimitRatioBounds_KeepAllOrNone(string query, int expected)
    {
        Assert.Equal(expected, InstantVector(Series, query, 120).Length);
    }

    [Fact]
    public void Instant_LimitRatioAndItsComplement_PartitionTheSeries()
    {
        // r and -(1 - r) select complementary sets: offset < 0.5 versus offset >= 0.5.
        var half = InstantVector(Series, "limit_ratio(0.5, up)", 120);
        var rest = InstantVector(Series, "limit_ratio(-0.5, up)", 120);

        Assert.Equal(4, half.Length + rest.Length);
        Assert.Empty(half.Intersect(rest));
    }

    [Fact]
    public void Instant_SortByLabel_OrdersNaturally()
    {
        var result = InstantVector(Series, "sort_by_label(up, \"instance\")", 120);

        Assert.Equal(
            [
                "up{instance=\"inst-1\", job=\"a\"} => 3",
                "up{instance=\"inst-2\", job=\"b\"} => 4",
                "up{instance=\"inst-9\", job=\"a\"} => 2",
                "up{instance=\"inst-10\", job=\"a\"} => 1",
            ],
            result);
    }

    [Fact]
    public void Instant_SortByLabelDesc_ReversesTheOrder()
    {
        var result = InstantVector(Series, "sort_by_label_desc(up, \"job\", \"instance\")", 120);

        Assert.Equal("up{instance=\"inst-2\", job=\"b\"} => 4", result[0]);
        Assert.Equal("up{instance=\"inst-1\", job=\"a\"} => 3", result[^1]);
    }
}
