using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class HistogramFunctionsTests
{
    private const double Eps = 1e-12;

    private static Bucket[] Classic() =>
        [new(0.1, 10), new(0.5, 30), new(1, 40), new(double.PositiveInfinity, 40)];

    [Theory]
    [InlineData(0.5, 0.3)] // rank 20 in (0.1, 0.5]: 0.1 + 0.4·(10/20)
    [InlineData(1, 1)] // rank 40 reached by the le=1 bucket: its upper bound
    [InlineData(0.25, 0.1)] // rank 10 exactly at the first bucket's count
    [InlineData(0.125, 0.05)] // rank 5 in the lowest bucket, interpolated from 0
    [InlineData(0, 0)] // rank 0: lowest bucket start
    public void BucketQuantile_Interpolates(double q, double expected)
    {
        Assert.Equal(expected, HistogramFunctions.BucketQuantile(q, Classic()), Eps);
    }

    [Fact]
    public void BucketQuantile_Unsorted_SameAsSorted()
    {
        Bucket[] shuffled = [new(double.PositiveInfinity, 40), new(0.5, 30), new(1, 40), new(0.1, 10)];
        Assert.Equal(0.3, HistogramFunctions.BucketQuantile(0.5, shuffled), Eps);
    }

    [Fact]
    public void BucketQuantile_RankInInfBucket_HighestFiniteBound()
    {
        Bucket[] b = [new(0.1, 10), new(1, 20), new(double.PositiveInfinity, 30)];
        Assert.Equal(1, HistogramFunctions.BucketQuantile(0.9, b));
    }

    [Fact]
    public void BucketQuantile_NonPositiveLowestBound_ReturnsBound()
    {
        Bucket[] b = [new(-1, 10), new(double.PositiveInfinity, 20)];
        Assert.Equal(-1, HistogramFunctions.BucketQuantile(0.25, b));
    }

    [Theory]
    [InlineData(-0.1, double.NegativeInfinity)]
    [InlineData(1.5, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void BucketQuantile_QOutOfRange(double q, double expected)
    {
        Assert.Equal(expected, HistogramFunctions.BucketQuantile(q, Classic()));
    }

    [Fact]
    public void BucketQuantile_QOutOfRange_WinsOverMissingInf()
    {
        // The q checks come before the +Inf check in Prometheus.
        Assert.Equal(double.PositiveInfinity, HistogramFunctions.BucketQuantile(2, [new(1, 1)]));
    }

    [Fact]
    public void BucketQuantile_NoInfBucket_NaN()
    {
        Assert.True(double.IsNaN(HistogramFunctions.BucketQuantile(0.5, [new(0.1, 10), new(1, 20)])));
    }

    [Fact]
    public void BucketQuantile_OnlyInfBucket_NaN()
    {
        Assert.True(double.IsNaN(HistogramFunctions.BucketQuantile(0.5, [new(double.PositiveInfinity, 20)])));
        Assert.True(double.IsNaN(HistogramFunctions.BucketQuantile(0.5, [])));
    }

    [Fact]
    public void BucketQuantile_NoObservations_NaN()
    {
        Assert.True(double.IsNaN(HistogramFunctions.BucketQuantile(0.5, [new(1, 0), new(double.PositiveInfinity, 0)])));
    }

    [Fact]
    public void BucketQuantile_EqualBounds_Coalesced()
    {
        // le="1" and le="1.0" merge into one bucket of 10; rank 5 → 0 + 1·(5/10).
        Bucket[] b = [new(1, 5), new(1, 5), new(double.PositiveInfinity, 10)];
        Assert.Equal(0.5, HistogramFunctions.BucketQuantile(0.5, b), Eps);
    }

    [Fact]
    public void BucketQuantile_NonMonotonic_RaisedToMax()
    {
        // le=2 has 5 < 10 of le=1: raised to 10, so rank 5 lands in le=1: 0.5.
        Bucket[] b = [new(1, 10), new(2, 5), new(double.PositiveInfinity, 10)];
        Assert.Equal(0.5, HistogramFunctions.BucketQuantile(0.5, b), Eps);
    }
}
