using Nines.Metrics.Chunks;
using Nines.Metrics.Head;
using Nines.Metrics.Histograms;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Head;

public sealed class HeadBlockHistogramTests
{
    [Fact]
    public void AppendHistogram_ThenSelect_ReturnsHistogramsInTimeOrderAfterFloats()
    {
        using var sut = new HeadBlock();
        var id = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "rpc_seconds", "job", "api"));

        Assert.Equal(AppendResult.Ok, sut.Append(id, 1_000, 7));
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(AppendResult.Ok, sut.AppendHistogram(id, 2_000 + (i * 1_000), Sample((ulong)i)));
        }

        var series = Assert.Single(sut.Select([Matcher.Create(MatcherType.Equal, "__name__", "rpc_seconds")], 0, long.MaxValue));
        var it = series.GetIterator();
        Assert.True(it.MoveNext());
        Assert.False(it.IsHistogram);
        Assert.Equal((1_000L, 7.0), (it.Timestamp, it.Value));
        for (var i = 0; i < 300; i++)
        {
            Assert.True(it.MoveNext());
            Assert.True(it.IsHistogram);
            Assert.Equal(2_000 + (i * 1_000), it.Timestamp);
            var h = it.Histogram!;
            Assert.Equal(i + 3.0, h.Count);
            Assert.Equal(i * 1.5, h.Sum);
            Assert.Equal([new HistogramSpan(-1, 2), new HistogramSpan(3, 1)], h.PositiveSpans);
            Assert.Equal([1.0, 2.0 + i, 0.0], h.PositiveBuckets);
        }

        Assert.False(it.MoveNext());
    }

    [Fact]
    public void AppendHistogram_NotNewerThanFloat_OutOfOrderOrDuplicate()
    {
        using var sut = new HeadBlock();
        var id = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "m"));
        sut.Append(id, 5_000, 1);

        Assert.Equal(AppendResult.Duplicate, sut.AppendHistogram(id, 5_000, Sample(1)));
        Assert.Equal(AppendResult.OutOfOrder, sut.AppendHistogram(id, 4_000, Sample(1)));
        Assert.Equal(AppendResult.Ok, sut.AppendHistogram(id, 6_000, Sample(1)));
        Assert.Equal(AppendResult.OutOfOrder, sut.Append(id, 5_500, 2));
    }

    [Fact]
    public void AppendHistogram_Invalid_ThrowsAndSeriesKeepsWorking()
    {
        using var sut = new HeadBlock();
        var id = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "m"));
        Assert.Equal(AppendResult.Ok, sut.AppendHistogram(id, 1_000, Sample(1)));
        var invalid = Sample(2);
        invalid.PositiveBuckets = [1, 1];

        Assert.Throws<ArgumentException>(() => sut.AppendHistogram(id, 2_000, invalid));

        Assert.Equal(AppendResult.Ok, sut.AppendHistogram(id, 3_000, Sample(3)));
        var it = Assert.Single(sut.Select([Matcher.Create(MatcherType.Equal, "__name__", "m")], 0, long.MaxValue)).GetIterator();
        Assert.True(it.MoveNext());
        Assert.True(it.MoveNext());
        Assert.Equal((3_000L, 6.0), (it.Timestamp, it.Histogram!.Count));
        Assert.False(it.MoveNext());
    }

    [Fact]
    public void Validate_BucketsExceedCount_NamesTheFault()
    {
        var h = Sample(0);
        h.Count = 1;

        Assert.Equal("histogram count 1 is smaller than the 3 observations in its buckets", h.Validate());
        Assert.Null(Sample(0).Validate());
    }

    private static Histogram Sample(ulong i) => new()
    {
        Schema = 0,
        ZeroThreshold = 1e-128,
        Count = i + 3,
        Sum = i * 1.5,
        PositiveSpans = [new HistogramSpan(-1, 2), new HistogramSpan(3, 1)],
        PositiveBuckets = [1, 1 + (long)i, -2 - (long)i],
    };
}
