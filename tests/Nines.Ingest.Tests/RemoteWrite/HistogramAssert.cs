using Nines.Metrics.Histograms;

namespace Nines.Ingest.Tests.RemoteWrite;

/// <summary>Field-by-field equality of stored native histograms (the model has no value equality).</summary>
internal static class HistogramAssert
{
    public static void Equal(Histogram expected, Histogram actual)
    {
        Assert.Equal(expected.CounterResetHint, actual.CounterResetHint);
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.ZeroThreshold, actual.ZeroThreshold);
        Assert.Equal(expected.ZeroCount, actual.ZeroCount);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Sum), BitConverter.DoubleToInt64Bits(actual.Sum));
        Assert.Equal(expected.PositiveSpans, actual.PositiveSpans);
        Assert.Equal(expected.PositiveBuckets, actual.PositiveBuckets);
        Assert.Equal(expected.NegativeSpans, actual.NegativeSpans);
        Assert.Equal(expected.NegativeBuckets, actual.NegativeBuckets);
    }
}
