using Nines.Metrics.Chunks;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Head;

public sealed class HeadBlockTests
{
    [Fact]
    public void GetOrCreateSeries_SameLabels_SameId()
    {
        using var sut = CreateSut();
        var a = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "up", "job", "a"));
        var b = sut.GetOrCreateSeries(LabelSet.FromStrings("job", "a", "__name__", "up"));
        var c = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "up", "job", "b"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(2, sut.SeriesCount);
    }

    [Fact]
    public void Append_OutOfOrderAndDuplicate_RejectedAndCounted()
    {
        using var sut = CreateSut();
        var id = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "x"));

        Assert.Equal(AppendResult.Ok, sut.Append(id, 1000, 1));
        Assert.Equal(AppendResult.Duplicate, sut.Append(id, 1000, 2));
        Assert.Equal(AppendResult.OutOfOrder, sut.Append(id, 999, 2));
        Assert.Equal(AppendResult.UnknownSeries, sut.Append(12345, 1, 1));

        Assert.Equal(1, sut.AppendedSamples);
        Assert.Equal(1, sut.DuplicateSamples);
        Assert.Equal(1, sut.OutOfOrderSamples);
    }

    [Fact]
    public void AppendSamples_MixedSamples_SameVerdictsAndCountersAsAppendOneByOne()
    {
        using var batched = CreateSut(maxSamplesPerChunk: 4);
        using var single = CreateSut(maxSamplesPerChunk: 4);
        var labels = LabelSet.FromStrings("__name__", "x");
        var a = batched.GetOrCreateSeries(labels);
        var b = single.GetOrCreateSeries(labels);
        batched.SetMinValidTime(100);
        single.SetMinValidTime(100);
        long[] timestamps = [50, 100, 110, 110, 105, 120, 130, 140, 150, 160];
        double[] values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

        var counts = new AppendCounts();
        batched.AppendSamples(a, timestamps, values, ref counts);
        batched.AppendSamples(999, timestamps, values, ref counts);
        batched.Publish(counts);
        for (var k = 0; k < timestamps.Length; k++)
        {
            single.Append(b, timestamps[k], values[k]);
        }

        Assert.Equal((7, 2, 1, 10), (counts.Accepted, counts.OutOfOrder, counts.Duplicate, counts.Unknown));
        Assert.Equal((single.AppendedSamples, single.OutOfOrderSamples, single.DuplicateSamples), (batched.AppendedSamples, batched.OutOfOrderSamples, batched.DuplicateSamples));
        Assert.Equal((single.MinTime, single.MaxTime), (batched.MinTime, batched.MaxTime));
        var matcher = Matcher.Create(MatcherType.Equal, "__name__", "x");
        Assert.Equal(Read(Assert.Single(single.Select([matcher], 0, 1000))), Read(Assert.Single(batched.Select([matcher], 0, 1000))));
    }

    [Fact]
    public void Append_PastChunkCap_CutsChunksAndKeepsOrderChecks()
    {
        using var sut = CreateSut(maxSamplesPerChunk: 4);
        var id = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "x"));
        for (var t = 0; t < 10; t++)
        {
            Assert.Equal(AppendResult.Ok, sut.Append(id, t * 10, t));
        }

        Assert.Equal(AppendResult.OutOfOrder, sut.Append(id, 35, 0));

        var series = Assert.Single(sut.Select([Matcher.Create(MatcherType.Equal, "__name__", "x")], 25, 75));
        var samples = Read(series);
        Assert.Equal([30L, 40, 50, 60, 70], samples.ConvertAll(s => s.T));
        Assert.Equal([3.0, 4, 5, 6, 7], samples.ConvertAll(s => s.V));
    }

    [Fact]
    public void Select_StaleMarker_KeepsBits()
    {
        using var sut = CreateSut();
        var id = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "x"));
        sut.Append(id, 1, 1);
        sut.Append(id, 2, BitConverter.UInt64BitsToDouble(0x7ff0000000000002));

        var it = Assert.Single(sut.Select([Matcher.Create(MatcherType.Regex, "__name__", ".+")], long.MinValue, long.MaxValue)).GetIterator();
        Assert.True(it.MoveNext());
        Assert.True(it.MoveNext());
        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(it.Value));
    }

    [Fact]
    public void Select_SortedByLabels_AndLabelListings()
    {
        using var sut = CreateSut();
        foreach (var job in new[] { "c", "a", "b" })
        {
            sut.Append(sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "up", "job", job)), 1, 1);
        }

        var selected = sut.Select([Matcher.Create(MatcherType.Equal, "__name__", "up")], 0, 10);
        Assert.Equal(["a", "b", "c"], [.. selected.Select(s => s.Labels.Get("job"))]);
        Assert.Equal(["__name__", "job"], sut.LabelNames());
        Assert.Equal(["a", "b", "c"], sut.LabelValues("job"));
    }

    [Fact]
    public async Task AppendAndSelect_Concurrent_CountsMatch()
    {
        const int Writers = 4;
        const int SeriesPerWriter = 50;
        const int SamplesPerSeries = 600;
        using var sut = CreateSut();
        using var done = new CancellationTokenSource();
        var matcher = Matcher.Create(MatcherType.Equal, "__name__", "load");

        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var writer = w;
            writers[w] = Task.Run(() =>
            {
                var ids = new uint[SeriesPerWriter];
                for (var s = 0; s < SeriesPerWriter; s++)
                {
                    ids[s] = sut.GetOrCreateSeries(LabelSet.FromStrings("__name__", "load", "writer", writer.ToString(System.Globalization.CultureInfo.InvariantCulture), "s", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                for (var t = 0; t < SamplesPerSeries; t++)
                {
                    foreach (var id in ids)
                    {
                        Assert.Equal(AppendResult.Ok, sut.Append(id, t * 15_000L, t));
                    }
                }
            });
        }

        var readerErrors = 0;
        var readers = new Task[2];
        for (var r = 0; r < readers.Length; r++)
        {
            readers[r] = Task.Run(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    foreach (var series in sut.Select([matcher], long.MinValue, long.MaxValue))
                    {
                        var it = series.GetIterator();
                        var expected = 0L;
                        while (it.MoveNext())
                        {
                            // Every snapshot is a prefix of the series: 0, 15000, 30000, ... with value = index.
                            if (it.Timestamp != expected * 15_000 || it.Value != expected)
                            {
                                Interlocked.Increment(ref readerErrors);
                            }

                            expected++;
                        }
                    }
                }
            });
        }

        await Task.WhenAll(writers);
        await done.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(0, readerErrors);
        Assert.Equal(Writers * SeriesPerWriter, sut.SeriesCount);
        Assert.Equal((long)Writers * SeriesPerWriter * SamplesPerSeries, sut.AppendedSamples);
        var total = 0L;
        foreach (var series in sut.Select([matcher], long.MinValue, long.MaxValue))
        {
            total += Read(series).Count;
        }

        Assert.Equal((long)Writers * SeriesPerWriter * SamplesPerSeries, total);
    }

    private static HeadBlock CreateSut(int maxSamplesPerChunk = 120) => new(new HeadOptions { MaxSamplesPerChunk = maxSamplesPerChunk });

    private static List<(long T, double V)> Read(SelectedSeries series)
    {
        var result = new List<(long T, double V)>();
        var it = series.GetIterator();
        while (it.MoveNext())
        {
            result.Add((it.Timestamp, it.Value));
        }

        return result;
    }
}
