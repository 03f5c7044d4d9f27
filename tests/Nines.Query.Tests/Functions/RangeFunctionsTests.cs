using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class RangeFunctionsTests
{
    private const double Eps = 1e-12;

    [Fact]
    public void Extrapolated_FullCoverage_IsExactDelta()
    {
        // 0,10,…,50 every 60 s filling [0, 300 s]: no extrapolation; rate = 50 / 300.
        long[] t = [0, 60_000, 120_000, 180_000, 240_000, 300_000];
        double[] v = [0, 10, 20, 30, 40, 50];

        Assert.True(RangeFunctions.Extrapolated(t, v, 0, 300_000, isCounter: true, isRate: false, out double increase));
        Assert.Equal(50, increase, Eps);
        Assert.True(RangeFunctions.Extrapolated(t, v, 0, 300_000, isCounter: true, isRate: true, out double rate));
        Assert.Equal(50.0 / 300, rate, Eps);
    }

    [Fact]
    public void Extrapolated_RateOperationOrder_MatchesPrometheusLastBit()
    {
        // Prometheus 2.42 answers rate(b[5m]) = 1.6666666666666669E-01 for this input (promtool), not
        // 50/300 = 0.16666666666666666: it multiplies by one factor (1/300) instead of dividing.
        long[] t = [300_000, 360_000, 420_000, 480_000, 540_000, 600_000];
        double[] v = [50, 60, 70, 80, 90, 100];

        Assert.True(RangeFunctions.Extrapolated(t, v, 300_000, 600_000, true, true, out double rate));
        Assert.Equal(0.16666666666666669, rate);
    }

    [Fact]
    public void Extrapolated_CounterReset_AddsValueBeforeDrop()
    {
        // 5,10,2,6 at 10..40 s in [0, 50 s]: increase 1 + 10 (reset) = 11 over 30 s; both ends are 10 s
        // from the boundary (< 1.1 × 10 s) so it extrapolates to 50 s; zero point 30·5/11 s is further than 10 s.
        long[] t = [10_000, 20_000, 30_000, 40_000];
        double[] v = [5, 10, 2, 6];

        Assert.True(RangeFunctions.Extrapolated(t, v, 0, 50_000, true, false, out double increase));
        Assert.Equal(11.0 * 50 / 30, increase, Eps);
    }

    [Fact]
    public void Extrapolated_ZeroPointClampedBeforeThreshold_As242()
    {
        // 6,16,26 at 20,30,40 s in [0, 40 s]: start gap 20 s ≥ 11 s threshold, but 2.42 first clamps it to
        // the zero point 20·6/20 = 6 s, which is under the threshold, so it extrapolates 6 s: 20·26/20 = 26.
        // (Prometheus 3.x would take half an interval, 5 s, and answer 25.)
        long[] t = [20_000, 30_000, 40_000];
        double[] v = [6, 16, 26];

        Assert.True(RangeFunctions.Extrapolated(t, v, 0, 40_000, true, false, out double increase));
        Assert.Equal(26, increase, Eps);
    }

    [Fact]
    public void Extrapolated_GapsBeyondThreshold_ExtendHalfInterval()
    {
        // delta of 1,2,3 at 20..40 s in [0, 60 s]: both gaps 20 s ≥ 11 s → +5 s each: 2·30/20 = 3.
        long[] t = [20_000, 30_000, 40_000];
        double[] v = [1, 2, 3];

        Assert.True(RangeFunctions.Extrapolated(t, v, 0, 60_000, false, false, out double delta));
        Assert.Equal(3, delta, Eps);
    }

    [Fact]
    public void Extrapolated_Gauge_NegativeDeltaNotClamped()
    {
        // delta of 10, 4 at 0 and 10 s in [0, 10 s] is just -6; no reset or zero-point logic for gauges.
        Assert.True(RangeFunctions.Extrapolated([0, 10_000], [10, 4], 0, 10_000, false, false, out double delta));
        Assert.Equal(-6, delta, Eps);
    }

    [Fact]
    public void Extrapolated_SingleSample_False()
    {
        Assert.False(RangeFunctions.Extrapolated([1000], [1], 0, 60_000, true, true, out _));
        Assert.False(RangeFunctions.Extrapolated([], [], 0, 60_000, true, true, out _));
    }

    [Fact]
    public void Irate_LastDropIsReset_LastValuePerSecond()
    {
        Assert.True(RangeFunctions.Irate([0, 10_000, 20_000], [1, 5, 3], out double r));
        Assert.Equal(0.3, r, Eps);
        Assert.True(RangeFunctions.Irate([0, 10_000, 20_000], [1, 3, 7], out r));
        Assert.Equal(0.4, r, Eps);
    }

    [Fact]
    public void Idelta_LastTwo_PlainDifference()
    {
        Assert.True(RangeFunctions.Idelta([0, 10_000, 20_000], [1, 5, 3], out double d));
        Assert.Equal(-2, d);
        Assert.False(RangeFunctions.Idelta([0], [1], out _));
    }

    [Fact]
    public void Changes_NaNToNaN_NotAChange()
    {
        Assert.Equal(3, RangeFunctions.Changes([1, 1, 2, double.NaN, double.NaN, 2]));
        Assert.Equal(0, RangeFunctions.Changes([7]));
    }

    [Fact]
    public void Resets_NaNComparisons_AreFalse()
    {
        Assert.Equal(2, RangeFunctions.Resets([5, 3, 3, double.NaN, 1, 0]));
        Assert.Equal(0, RangeFunctions.Resets([1]));
    }

    [Fact]
    public void Deriv_Line_Slope()
    {
        Assert.True(RangeFunctions.Deriv([0, 10_000, 20_000], [0, 5, 10], out double slope));
        Assert.Equal(0.5, slope, Eps);
        Assert.False(RangeFunctions.Deriv([0], [1], out _));
    }

    [Fact]
    public void Deriv_Constant_ZeroOrNaNForInfinity()
    {
        Assert.True(RangeFunctions.Deriv([0, 10_000, 20_000], [3, 3, 3], out double slope));
        Assert.Equal(0, slope);
        Assert.True(RangeFunctions.Deriv([0, 10_000], [double.PositiveInfinity, double.PositiveInfinity], out slope));
        Assert.True(double.IsNaN(slope));
    }

    [Fact]
    public void PredictLinear_InterceptAtEvalTime_PlusSlopeTimesDuration()
    {
        // Line 0.5/s through (0 s, 0): at eval time 30 s it is 15; 60 s later 45.
        Assert.True(RangeFunctions.PredictLinear([0, 10_000, 20_000], [0, 5, 10], 30_000, 60, out double p));
        Assert.Equal(45, p, Eps);
        Assert.True(RangeFunctions.PredictLinear([0, 10_000], [3, 3], 30_000, 60, out p));
        Assert.Equal(3, p);
    }

    [Fact]
    public void HoltWinters_ThreePoints_HandComputed()
    {
        // s=1, b=1; i=1: 0.5·2 + 0.5·(1+1) = 2; i=2: b = 0.5·(2-1) + 0.5·1 = 1, s = 0.5·4 + 0.5·(2+1) = 3.5.
        Assert.True(RangeFunctions.HoltWinters([1, 2, 4], 0.5, 0.5, out double s));
        Assert.Equal(3.5, s, Eps);
        Assert.False(RangeFunctions.HoltWinters([1], 0.5, 0.5, out _));
    }

    [Theory]
    [InlineData(1, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000")]
    [InlineData(0.5, -0.25, "invalid trend factor. Expected: 0 < tf < 1, got: -0.250000")]
    [InlineData(0, 0, "invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000")]
    public void HoltWinters_BadFactor_ThrowsPrometheusMessage(double sf, double tf, string message)
    {
        // Messages as printed by promtool 2.42 for holt_winters(b[5m], 1, 0.5) and (…, 0.5, -0.25).
        var ex = Assert.Throws<QueryException>(() => RangeFunctions.HoltWinters([1, 2], sf, tf, out _));
        Assert.Equal(message, ex.Message);
        Assert.Equal(QueryErrorType.Execution, ex.Type);
    }

    [Fact]
    public void HoltWintersArgumentError_NaN_Passes()
    {
        Assert.Null(RangeFunctions.HoltWintersArgumentError(double.NaN, double.NaN));
    }

    [Fact]
    public void AvgOverTime_Values_Mean()
    {
        Assert.Equal(2.5, RangeFunctions.AvgOverTime([1, 2, 3, 4]), Eps);
        Assert.Equal(double.PositiveInfinity, RangeFunctions.AvgOverTime([double.PositiveInfinity, 1]));
        Assert.Equal(double.PositiveInfinity, RangeFunctions.AvgOverTime([1, double.PositiveInfinity, double.PositiveInfinity]));
        Assert.True(double.IsNaN(RangeFunctions.AvgOverTime([double.PositiveInfinity, double.NegativeInfinity])));
        Assert.True(double.IsNaN(RangeFunctions.AvgOverTime([1, double.NaN])));
        // No overflow although the running sum would exceed double.MaxValue.
        Assert.Equal(1.6e308, RangeFunctions.AvgOverTime([1.7e308, 1.5e308]), 1e295);
    }

    [Fact]
    public void SumOverTime_Compensated()
    {
        // promtool 2.42: sum_over_time of 1e16, 1, -1e16, 1 is 2 (a plain sum gives 1).
        Assert.Equal(2, RangeFunctions.SumOverTime([1e16, 1, -1e16, 1]));
        Assert.Equal(double.PositiveInfinity, RangeFunctions.SumOverTime([1, double.PositiveInfinity]));
    }

    [Fact]
    public void MinMaxOverTime_NaNReplacedByLaterValue()
    {
        Assert.Equal(1, RangeFunctions.MinOverTime([double.NaN, 3, 1]));
        Assert.Equal(1, RangeFunctions.MinOverTime([3, double.NaN, 1]));
        Assert.True(double.IsNaN(RangeFunctions.MinOverTime([double.NaN, double.NaN])));
        Assert.Equal(3, RangeFunctions.MaxOverTime([1, double.NaN, 3]));
        // promtool 2.42: max_over_time of NaN 1 2 Inf 3 is +Inf.
        Assert.Equal(double.PositiveInfinity, RangeFunctions.MaxOverTime([double.NaN, 1, 2, double.PositiveInfinity, 3]));
    }

    [Fact]
    public void CountLastPresent_Basics()
    {
        Assert.Equal(3, RangeFunctions.CountOverTime([1, double.NaN, 2]));
        Assert.Equal(2, RangeFunctions.LastOverTime([1, double.NaN, 2]));
        Assert.Equal(1, RangeFunctions.PresentOverTime([double.NaN]));
    }

    [Fact]
    public void StdvarStddevOverTime_Textbook()
    {
        // Mean 5; squared deviations 9,1,1,1,0,0,4,16 sum 32; population variance 4.
        double[] v = [2, 4, 4, 4, 5, 5, 7, 9];
        Assert.Equal(4, RangeFunctions.StdvarOverTime(v), Eps);
        Assert.Equal(2, RangeFunctions.StddevOverTime(v), Eps);
        Assert.Equal(0, RangeFunctions.StdvarOverTime([42]));
    }

    [Theory]
    [InlineData(0.5, 2.5)]
    [InlineData(0.9, 3.7)]
    [InlineData(0, 1)]
    [InlineData(1, 4)]
    [InlineData(-0.1, double.NegativeInfinity)]
    [InlineData(1.1, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void QuantileOverTime_RankInterpolation(double phi, double expected)
    {
        // Unsorted on purpose: rank = phi·3 over 1,2,3,4.
        Assert.Equal(expected, RangeFunctions.QuantileOverTime(phi, [4, 1, 3, 2]), Eps);
    }

    [Fact]
    public void MadOverTime_MedianAbsoluteDeviation()
    {
        // Median 2; deviations 1,1,0,0,2,4,7 → median 1.
        Assert.Equal(1, RangeFunctions.MadOverTime([1, 1, 2, 2, 4, 6, 9]));
    }
}
