using Nines.Metrics.Histograms;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;
using Nines.Metrics.Tests.Chunks;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStorageHistogramTests
{
    private const long Minute = 60_000;

    [Fact]
    public async Task AppendAsync_HistogramsThenReopen_ReplayedExactly()
    {
        var fs = new FakeFileSystem();
        var expected = new Workload(seed: 1, series: 4);
        await using (var sut = await OpenAsync(fs))
        {
            for (var m = 0; m < 150; m++)
            {
                var outcome = await sut.AppendAsync(expected.Next(m * Minute));
                Assert.Equal(4, outcome.HistogramsAccepted);
                Assert.Equal(5, outcome.Accepted);
            }

            expected.AssertStored(sut);
        }

        await using var reopened = await OpenAsync(fs);
        Assert.Equal(600, reopened.ReplayReport.Histograms);
        Assert.Equal(150, reopened.ReplayReport.Samples);
        Assert.Equal(0, reopened.ReplayReport.RejectedSamples);
        Assert.Equal(0, reopened.ReplayReport.CorruptRecords);
        expected.AssertStored(reopened);
    }

    [Fact]
    public async Task Crash_TornHistogramRecord_TruncatedAndEarlierBatchesKept()
    {
        var fs = new FakeFileSystem();
        var expected = new Workload(seed: 2, series: 2);
        await using (var sut = await OpenAsync(fs))
        {
            for (var m = 0; m < 5; m++)
            {
                await sut.AppendAsync(expected.Next(m * Minute));
            }
        }

        // The last batch's histogram record ends the segment: cut into it, as a crash mid-write would.
        var segment = "/data/wal/00000001";
        fs.Truncate(segment, fs.LengthOf(segment) - 7);
        expected.ForgetLast();

        await using var reopened = await OpenAsync(fs);
        Assert.Equal(1, reopened.ReplayReport.CorruptRecords);
        Assert.Equal(8, reopened.ReplayReport.Histograms);
        expected.AssertStored(reopened, floatsUpTo: 5);
    }

    [Fact]
    public async Task Open_CorruptByteInHistogramRecord_TruncatedThereAndPrefixKept()
    {
        var fs = new FakeFileSystem();
        var expected = new Workload(seed: 3, series: 3);
        await using (var sut = await OpenAsync(fs))
        {
            for (var m = 0; m < 10; m++)
            {
                await sut.AppendAsync(expected.Next(m * Minute));
            }
        }

        var segment = "/data/wal/00000001";
        fs.FlipByte(segment, fs.LengthOf(segment) - 20);
        expected.ForgetLast();

        await using var reopened = await OpenAsync(fs);
        Assert.Equal(1, reopened.ReplayReport.CorruptRecords);
        Assert.Empty(reopened.ReplayReport.QuarantinedSegments);
        expected.AssertStored(reopened, floatsUpTo: 10);
    }

    internal static Task<MetricsStorage> OpenAsync(FakeFileSystem fs, MetricsStorageOptions? options = null) =>
        MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, logger: null, CancellationToken.None);

    /// <summary>
    /// Batches of one float series and <c>series</c> histogram series with random histograms (new and
    /// vanished buckets, resets, gauges, stale markers), remembering what was appended.
    /// </summary>
    internal sealed class Workload(int seed, int series)
    {
        private readonly Random _random = new(seed);
        private readonly MetricsBatch _batch = new();
        private readonly List<(long T, Histogram H)>[] _appended = Enumerable.Range(0, series).Select(_ => new List<(long, Histogram)>()).ToArray();

        public static LabelSet Labels(int s) => LabelSet.FromStrings("__name__", "rpc_seconds", "series", "s" + s);

        public static LabelSet FloatLabels => LabelSet.FromStrings("__name__", "up");

        public MetricsBatch Next(long t)
        {
            _batch.Clear();
            _batch.Add(FloatLabels, t, 1);
            for (var s = 0; s < _appended.Length; s++)
            {
                var previous = _appended[s].Count > 0 ? _appended[s][^1].H : null;
                var h = RandomHistograms.Next(_random, previous);
                _batch.Add(Labels(s), ReadOnlySpan<long>.Empty, ReadOnlySpan<double>.Empty);
                _batch.AddHistogram(t + s, h);
                _appended[s].Add((t + s, h));
            }

            return _batch;
        }

        public void ForgetLast()
        {
            foreach (var list in _appended)
            {
                list.RemoveAt(list.Count - 1);
            }
        }

        public void AssertStored(MetricsStorage storage, int? floatsUpTo = null)
        {
            for (var s = 0; s < _appended.Length; s++)
            {
                var selected = Assert.Single(storage.Select([Matcher.Create(MatcherType.Equal, "series", "s" + s)], long.MinValue, long.MaxValue));
                var it = selected.GetIterator();
                foreach (var (t, h) in _appended[s])
                {
                    Assert.True(it.MoveNext());
                    Assert.True(it.IsHistogram);
                    Assert.Equal(t, it.Timestamp);
                    RandomHistograms.AssertSame(h, it.Histogram!);
                }

                Assert.False(it.MoveNext());
            }

            if (floatsUpTo is { } n)
            {
                var up = Assert.Single(storage.Select([Matcher.Create(MatcherType.Equal, "__name__", "up")], long.MinValue, long.MaxValue));
                var count = 0;
                var it = up.GetIterator();
                while (it.MoveNext())
                {
                    Assert.False(it.IsHistogram);
                    count++;
                }

                Assert.Equal(n, count);
            }
        }
    }
}
