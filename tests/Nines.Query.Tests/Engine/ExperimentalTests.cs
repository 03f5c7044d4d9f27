using System.Globalization;

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

    [Theory]
    [InlineData("{0}(counter[7m], 0.3, 0.8)")]
    [InlineData("{0}(counter[7m], 0.9, 0.1)")]
    [InlineData("{0}(counter[7m], 1, 0.8)")]
    public void Instant_DoubleExponentialSmoothing_AnswersAsHoltWinters(string template)
    {
        // Prometheus 3.0 renamed holt_winters (2.42, promtool-verified in OracleTests) to
        // double_exponential_smoothing without changing the computation or its errors.
        const string counter = """
            load 1m
            counter{c="1"} 0 10 20 40 80 160 320 640
            """;

        Assert.Equal(Answer(counter, string.Format(CultureInfo.InvariantCulture, template, "holt_winters")), Answer(counter, string.Format(CultureInfo.InvariantCulture, template, "double_exponential_smoothing")));
    }

    private static string[] Answer(string series, string query)
    {
        try
        {
            return InstantVector(series, query, 420);
        }
        catch (QueryException e)
        {
            return ["error: " + e.Message];
        }
    }
}
