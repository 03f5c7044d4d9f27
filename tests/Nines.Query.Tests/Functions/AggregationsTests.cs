using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class AggregationsTests
{
    private const double Eps = 1e-12;

    [Fact]
    public void Sum_Values_PlainSum()
    {
        var sum = default(SumAccumulator);
        foreach (double v in new double[] { 1, 2, 3 })
        {
            sum.Add(v);
        }

        Assert.Equal(6, sum.Result);

        // 2.42's sum aggregation does not compensate: 1e16 + 1 - 1e16 + 1 is 1.
        var plain = default(SumAccumulator);
        foreach (double v in new double[] { 1e16, 1, -1e16, 1 })
        {
            plain.Add(v);
        }

        Assert.Equal(1, plain.Result);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 2.5)]
    [InlineData(new double[] { double.PositiveInfinity, 1 }, double.PositiveInfinity)]
    [InlineData(new double[] { 1, double.NegativeInfinity, 5 }, double.NegativeInfinity)]
    [InlineData(new double[] { double.PositiveInfinity, double.NegativeInfinity }, double.NaN)]
    [InlineData(new double[] { 1, double.NaN }, double.NaN)]
    [InlineData(new double[] { 1.7e308, 1.5e308 }, 1.6e308)]
    public void Avg_Values_IncrementalMean(double[] values, double expected)
    {
        var avg = default(AvgAccumulator);
        foreach (double v in values)
        {
            avg.Add(v);
        }

        Assert.Equal(expected, avg.Result, expected > 1e300 ? 1e295 : Eps);
        Assert.Equal(values.Length, avg.Count);
    }

    [Fact]
    public void Avg_Empty_NaN()
    {
        Assert.True(double.IsNaN(default(AvgAccumulator).Result));
    }

    [Theory]
    [InlineData(new double[] { double.NaN, 2, 1 }, 1, 2)]
    [InlineData(new double[] { 2, double.NaN, 3 }, 2, 3)]
    [InlineData(new double[] { double.NaN, double.NaN }, double.NaN, double.NaN)]
    [InlineData(new double[] { 5 }, 5, 5)]
    public void MinMax_NaNOnlyWhenAllNaN(double[] values, double min, double max)
    {
        var lo = default(MinAccumulator);
        var hi = default(MaxAccumulator);
        foreach (double v in values)
        {
            lo.Add(v);
            hi.Add(v);
        }

        Assert.Equal(min, lo.Result);
        Assert.Equal(max, hi.Result);
    }

    [Fact]
    public void Stdvar_Textbook_Four()
    {
        var acc = default(StdvarAccumulator);
        foreach (double v in new double[] { 2, 4, 4, 4, 5, 5, 7, 9 })
        {
            acc.Add(v);
        }

        Assert.Equal(4, acc.Stdvar, Eps);
        Assert.Equal(2, acc.Stddev, Eps);
    }

    [Fact]
    public void Stdvar_SingleInfinity_Zero()
    {
        // The first sample only seeds the mean, so one infinite value has variance 0 in 2.42.
        var acc = default(StdvarAccumulator);
        acc.Add(double.PositiveInfinity);
        Assert.Equal(0, acc.Stdvar);
    }

    [Theory]
    [InlineData(0.5, 2.5)]
    [InlineData(0.25, 1.75)]
    [InlineData(-1, double.NegativeInfinity)]
    [InlineData(2, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void Quantile_Phi_RankInterpolated(double phi, double expected)
    {
        // rank = phi·3 over sorted 1,2,3,4: 0.25 → rank 0.75 → 1·0.25 + 2·0.75 = 1.75.
        Assert.Equal(expected, Aggregations.Quantile(phi, [3, 1, 4, 2]), Eps);
    }

    [Fact]
    public void Quantile_Empty_NaNEvenForOutOfRangePhi()
    {
        Assert.True(double.IsNaN(Aggregations.Quantile(2, [])));
    }

    [Fact]
    public void Quantile_NaNValues_SortFirst()
    {
        // Sorted: NaN, 1, 2 → phi 1 picks 2, phi 0 picks NaN.
        Assert.Equal(2, Aggregations.Quantile(1, [2, double.NaN, 1]));
        Assert.True(double.IsNaN(Aggregations.Quantile(0, [2, double.NaN, 1])));
    }

    [Fact]
    public void TopK_NaNWorst_DescendingNaNLast()
    {
        double[] v = [double.NaN, 3, 1, double.NaN, 5, 3];
        int[] idx = new int[v.Length];

        int n = Aggregations.TopK(v, 3, bottom: false, idx);
        Assert.Equal([4, 1, 5], idx[..n]); // 5, then the two 3s in arrival order

        n = Aggregations.TopK(v, 5, bottom: false, idx);
        Assert.Equal([4, 1, 5, 2, 0], idx[..n]); // NaN only to fill, last
    }

    [Fact]
    public void BottomK_NaNWorst_AscendingNaNLast()
    {
        double[] v = [double.NaN, 3, 1, double.NaN, 5];
        int[] idx = new int[v.Length];

        int n = Aggregations.TopK(v, 2, bottom: true, idx);
        Assert.Equal([2, 1], idx[..n]);

        n = Aggregations.TopK(v, 10, bottom: true, idx);
        Assert.Equal(5, n);
        Assert.Equal([2, 1, 4], idx[..3]);
        Assert.True(double.IsNaN(v[idx[3]]) && double.IsNaN(v[idx[4]]));
    }

    [Fact]
    public void TopK_KZero_Empty()
    {
        Assert.Equal(0, Aggregations.TopK([1, 2], 0, bottom: false, new int[2]));
    }
}
