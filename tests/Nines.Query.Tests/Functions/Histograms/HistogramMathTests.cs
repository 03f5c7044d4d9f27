using Nines.Metrics.Histograms;
using Nines.Query.Functions.Histograms;

namespace Nines.Query.Tests.Functions.Histograms;

/// <summary>
/// Cases transcribed from Prometheus' model/histogram/float_histogram_test.go (TestFloatHistogramAdd,
/// TestFloatHistogramSub, TestFloatHistogramDetectReset, 2.4x era) and bucket bounds Prometheus
/// 2.42 printed in its API. Span layouts may be cut differently from Prometheus' (it keeps the
/// receiver's spans); the buckets they describe must be the same, so buckets are compared as
/// index → count.
/// </summary>
public sealed class HistogramMathTests
{
    // The common "previous" histogram of TestFloatHistogramDetectReset.
    private static readonly FloatHistogram ResetBase = H(0.01, 5.5, 3493.3, 2349209.324, [new(-2, 2), new(1, 3)], [1, 0, 3.3, 4.2, 0.1], [new(3, 2), new(3, 2)], [3.1, 3, 1.234e5, 1000]);

    public static TheoryData<string, FloatHistogram, bool> ResetCases() => new()
    {
        { "zero values", new FloatHistogram(), false },
        { "zero count goes up", ResetBase.With(h => h.ZeroCount = 5.6), false },
        { "zero count goes down", ResetBase.With(h => h.ZeroCount = 5.4), true },
        { "count goes up", ResetBase.With(h => h.Count = 3493.4), false },
        { "count goes down", ResetBase.With(h => h.Count = 3493.2), true },
        { "sum goes up", ResetBase.With(h => h.Sum = 2349210), false },
        { "sum goes down", ResetBase.With(h => h.Sum = 2349200), false },
        { "one positive bucket goes up", ResetBase.With(h => h.PositiveBuckets = [1, 0, 3.3, 4.3, 0.1]), false },
        { "one positive bucket goes down", ResetBase.With(h => h.PositiveBuckets = [1, 0, 3.3, 4.1, 0.1]), true },
        { "one negative bucket goes up", ResetBase.With(h => h.NegativeBuckets = [3.1, 3.1, 1.234e5, 1000]), false },
        { "one negative bucket goes down", ResetBase.With(h => h.NegativeBuckets = [3.1, 2.9, 1.234e5, 1000]), true },
        { "an unpopulated bucket disappears", ResetBase.With(h => (h.PositiveSpans, h.PositiveBuckets) = ([new(-2, 1), new(2, 3)], [1, 3.3, 4.2, 0.1])), false },
    };

    [Theory]
    [MemberData(nameof(ResetCases))]
    public void DetectReset_PrometheusCases_MatchExpected(string name, FloatHistogram current, bool expected)
    {
        var previous = name == "zero values" ? new FloatHistogram() : ResetBase;

        Assert.Equal(expected, HistogramMath.DetectReset(current, previous));
    }

    [Fact]
    public void DetectReset_PopulatedBucketDisappears_IsReset()
    {
        var previous = H(0.01, 5.5, 3493.3, 2349209.324, [new(-2, 2), new(1, 3)], [1, 1.23, 3.3, 4.2, 0.1], [new(3, 2), new(3, 2)], [3.1, 3, 1.234e5, 1000]);
        var current = H(0.01, 5.5, 3493.3, 2349209.324, [new(-2, 1), new(2, 3)], [1, 3.3, 4.2, 0.1], [new(3, 2), new(3, 2)], [3.1, 3, 1.234e5, 1000]);

        Assert.True(HistogramMath.DetectReset(current, previous));
    }

    [Fact]
    public void DetectReset_CounterResetHint_WinsOverData()
    {
        var current = ResetBase.With(h => h.CounterResetHint = CounterResetHint.CounterReset);

        Assert.True(HistogramMath.DetectReset(current, ResetBase));
    }

    [Fact]
    public void Combine_SameBucketLayout_AddsEveryComponent()
    {
        var a = H(0.01, 11, 30, 2.345, [new(-2, 2), new(1, 3)], [1, 0, 3, 4, 7], [new(3, 2), new(3, 2)], [3, 1, 5, 6]);
        var b = H(0.01, 8, 21, 1.234, [new(-2, 2), new(1, 3)], [0, 0, 2, 3, 6], [new(3, 2), new(3, 2)], [1, 1, 4, 4]);

        var sum = HistogramMath.Combine(a, b);

        Assert.Equal((19.0, 51.0, 3.579), (sum.ZeroCount, sum.Count, sum.Sum));
        Assert.Equal(Buckets([new(-2, 2), new(1, 3)], [1, 0, 5, 7, 13]), Buckets(sum.PositiveSpans, sum.PositiveBuckets));
        Assert.Equal(Buckets([new(3, 2), new(3, 2)], [4, 2, 9, 10]), Buckets(sum.NegativeSpans, sum.NegativeBuckets));
    }

    [Fact]
    public void Combine_NonOverlappingSpans_KeepsBucketsOfBoth()
    {
        var a = H(0.01, 11, 30, 2.345, [new(-2, 2), new(2, 3)], [1, 0, 3, 4, 7], [new(3, 2), new(3, 2)], [3, 1, 5, 6]);
        var b = H(0.01, 8, 21, 1.234, [new(0, 2), new(3, 3)], [5, 4, 2, 3, 6], [new(-9, 2), new(3, 2)], [1, 1, 4, 4]);

        var sum = HistogramMath.Combine(a, b);

        Assert.Equal(Buckets([new(-2, 4), new(0, 6)], [1, 0, 5, 4, 3, 4, 7, 2, 3, 6]), Buckets(sum.PositiveSpans, sum.PositiveBuckets));
        Assert.Equal(Buckets([new(-9, 2), new(3, 2), new(5, 2), new(3, 2)], [1, 1, 4, 4, 3, 1, 5, 6]), Buckets(sum.NegativeSpans, sum.NegativeBuckets));
    }

    [Fact]
    public void Combine_OverlappingSpans_AddsSharedBuckets()
    {
        var a = H(0.01, 11, 30, 2.345, [new(-2, 2), new(2, 3)], [1, 0, 3, 4, 7], [new(3, 2), new(3, 2)], [3, 1, 5, 6]);
        var b = H(0.01, 8, 21, 1.234, [new(-1, 4), new(0, 3)], [5, 4, 2, 3, 6, 2, 5], [new(4, 2), new(1, 2)], [1, 1, 4, 4]);

        var sum = HistogramMath.Combine(a, b);

        Assert.Equal(Buckets([new(-2, 4), new(0, 4)], [1, 5, 4, 2, 6, 10, 9, 5]), Buckets(sum.PositiveSpans, sum.PositiveBuckets));
        Assert.Equal(Buckets([new(3, 3), new(1, 3)], [3, 2, 1, 4, 9, 6]), Buckets(sum.NegativeSpans, sum.NegativeBuckets));
    }

    [Fact]
    public void Combine_Subtract_SameBucketLayout()
    {
        var a = H(0.01, 11, 30, 23, [new(-2, 2), new(1, 3)], [1, 0, 3, 4, 7], [new(3, 2), new(3, 2)], [3, 1, 5, 6]);
        var b = H(0.01, 8, 21, 12, [new(-2, 2), new(1, 3)], [0, 0, 2, 3, 6], [new(3, 2), new(3, 2)], [1, 1, 4, 4]);

        var diff = HistogramMath.Combine(a, b, sign: -1);

        Assert.Equal((3.0, 9.0, 11.0), (diff.ZeroCount, diff.Count, diff.Sum));
        Assert.Equal(Buckets([new(-2, 2), new(1, 3)], [1, 0, 1, 1, 1]), Buckets(diff.PositiveSpans, diff.PositiveBuckets));
        Assert.Equal(Buckets([new(3, 2), new(3, 2)], [2, 0, 1, 2]), Buckets(diff.NegativeSpans, diff.NegativeBuckets));
    }

    [Fact]
    public void Compact_DropsEmptyBuckets()
    {
        var h = H(0, 0, 3, 1, [new(0, 3), new(2, 2)], [1, 0, 1, 0, 1], [], []);

        var compact = HistogramMath.Compact(h);

        Assert.Equal(Buckets([new(0, 1), new(1, 1), new(3, 1)], [1, 1, 1]), Buckets(compact.PositiveSpans, compact.PositiveBuckets));
    }

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(1, 1, 1.414213562373095)]      // Prometheus prints this, one ulp under sqrt(2).
    [InlineData(1, -1, 0.7071067811865475)]
    [InlineData(2, 3, 1.6817928305074288)]
    [InlineData(2, 6, 2.82842712474619)]
    [InlineData(-1, 1, 4.0)]
    [InlineData(0, 1024, double.MaxValue)]    // The last finite bucket ends at MaxFloat64, not +Inf.
    [InlineData(0, 1025, double.PositiveInfinity)]
    public void UpperBound_MatchesPrometheus(int schema, int index, double expected)
    {
        Assert.Equal(expected, HistogramBounds.UpperBound(index, schema));
    }

    [Fact]
    public void AllBuckets_OrderAndBoundaryRules_AsPrometheusApi()
    {
        // h{i="2"} at 60s of the oracle data: Prometheus answered
        // [1,"-1.414213562373095","-1","10"],[1,"-1","-0.7071067811865475","5"],[3,"-0.001","0.001","10"],[0,"0.5","0.7071067811865475","5"],[0,"1","1.414213562373095","15"]
        var h = H(0.001, 10, 45, 25, [new(-1, 3)], [5, 0, 15], [new(0, 2)], [5, 10]);
        h.Schema = 1;

        var buckets = HistogramMath.AllBuckets(h).Where(b => b.Count != 0).Select(b => (b.BoundaryRule, b.Lower, b.Upper, b.Count));

        Assert.Equal(
            [(1, -1.414213562373095, -1, 10), (1, -1, -0.7071067811865475, 5), (3, -0.001, 0.001, 10), (0, 0.5, 0.7071067811865475, 5), (0, 1, 1.414213562373095, 15)],
            buckets);
    }

    private static FloatHistogram H(double zeroThreshold, double zeroCount, double count, double sum, HistogramSpan[] positiveSpans, double[] positive, HistogramSpan[] negativeSpans, double[] negative) => new()
    {
        ZeroThreshold = zeroThreshold,
        ZeroCount = zeroCount,
        Count = count,
        Sum = sum,
        PositiveSpans = positiveSpans,
        PositiveBuckets = positive,
        NegativeSpans = negativeSpans,
        NegativeBuckets = negative,
    };

    private static SortedDictionary<int, double> Buckets(HistogramSpan[] spans, double[] counts)
    {
        var result = new SortedDictionary<int, double>();
        var index = 0;
        var k = 0;
        foreach (var span in spans)
        {
            index += span.Offset;
            for (var j = 0; j < span.Length; j++, index++, k++)
            {
                result[index] = counts[k];
            }
        }

        return result;
    }
}
