using Nines.Metrics.Blocks;
using Nines.Metrics.Chunks;
using Nines.Metrics.Downsampling;
using Nines.Metrics.Histograms;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;
using Nines.Tests.Shared;

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
    public async Task AppendAsync_InvalidHistogram_RejectedWithNothingWritten()
    {
        var fs = new FakeFileSystem();
        await using var sut = await OpenAsync(fs);
        var batch = new MetricsBatch();
        batch.Add(Workload.Labels(0), 1_000, 1);
        batch.AddHistogram(2_000, new Histogram { Count = 5, PositiveSpans = [new HistogramSpan(0, 2)], PositiveBuckets = [3] });
        var length = fs.LengthOf("/data/wal/00000001");

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await sut.AppendAsync(batch));

        Assert.Contains("positive spans cover 2 buckets but 1 positive bucket counts were given", error.Message, StringComparison.Ordinal);
        Assert.Equal(length, fs.LengthOf("/data/wal/00000001"));
        Assert.Empty(sut.Select([Matcher.Create(MatcherType.Equal, "series", "s0")], long.MinValue, long.MaxValue));
    }

    [Theory]
    [InlineData(CrashMode.DropUnsynced)]
    [InlineData(CrashMode.TearLastWrite)]
    [InlineData(CrashMode.KillProcess)]
    public async Task Crash_WhileHistogramWriteInFlight_AcknowledgedSurvive(CrashMode mode)
    {
        var fs = new FakeFileSystem();
        var expected = new Workload(seed: 7, series: 2);
        var sut = await OpenAsync(fs);
        for (var m = 0; m < 10; m++)
        {
            await sut.AppendAsync(expected.Next(m * Minute));
        }

        // The next batch is written but its fsync never returns: the crash hits mid-commit.
        fs.SyncGate.Reset();
        fs.SyncEntered.Reset();
        var inFlight = sut.AppendAsync(expected.Next(10 * Minute)).AsTask();
        Assert.True(fs.SyncEntered.Wait(TimeSpan.FromSeconds(30)));
        fs.Crash(mode);
        await Assert.ThrowsAsync<IOException>(() => inFlight);

        // kill -9 keeps the page cache, so the unacknowledged batch is there, whole (at-least-once).
        if (mode != CrashMode.KillProcess)
        {
            expected.ForgetLast();
        }

        // A write torn in half keeps the unacknowledged batch's first, complete record (its float
        // sample) and loses the torn histogram record after it.
        await using var reopened = await OpenAsync(fs);
        expected.AssertStored(reopened, floatsUpTo: mode == CrashMode.DropUnsynced ? 10 : 11);
        Assert.Equal(mode == CrashMode.TearLastWrite ? 1 : 0, reopened.ReplayReport.CorruptRecords);
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

    [Fact]
    public async Task RunMaintenance_HistogramsPersistedAndCheckpointed_ReadBackThroughRestart()
    {
        var fs = new FakeFileSystem();
        var expected = new Workload(seed: 4, series: 3);
        await using (var sut = await OpenAsync(fs, Options()))
        {
            // 3.5 hours a minute apart: the first 2 h go to a block, the WAL is checkpointed.
            for (var m = 0; m < 210; m++)
            {
                await sut.AppendAsync(expected.Next(m * Minute));
            }

            await sut.RunMaintenanceAsync();

            var block = Assert.Single(sut.Blocks);
            Assert.Equal((0L, 2 * 60 * Minute), (block.MinTime, block.MaxTime));
            Assert.Equal(120 * 4, block.Samples);
            expected.AssertStored(sut);
        }

        var blockDirectory = fs.ListDirectories(StorageTestData.Directory).Single(d => d.Length == 26);
        var written = Block.Open(fs, Path.Combine(StorageTestData.Directory, blockDirectory));
        try
        {
            var encodings = written.AllSeries().SelectMany(s => s.Chunks).Select(c => c.Encoding).Distinct().Order();
            Assert.Equal([ChunkEncoding.Xor, ChunkEncoding.Histogram], encodings);
        }
        finally
        {
            written.Release();
        }

        await using var reopened = await OpenAsync(fs, Options());
        Assert.NotNull(reopened.ReplayReport.Checkpoint);
        Assert.Equal(90 * 3, reopened.ReplayReport.Histograms);
        expected.AssertStored(reopened);
    }

    [Fact]
    public async Task RunMaintenance_BlocksWithHistogramsCompacted_EverySampleKept()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.MaxBlockRange = TimeSpan.FromHours(6);
        var expected = new Workload(seed: 5, series: 2);
        await using var sut = await OpenAsync(fs, options);
        for (var m = 0; m < 570; m++)
        {
            await sut.AppendAsync(expected.Next(m * Minute));
        }

        await sut.RunMaintenanceAsync();

        Assert.Equal(1, sut.Compactions);
        Assert.Equal([(0L, 6 * 60 * Minute, 2), (6 * 60 * Minute, 8 * 60 * Minute, 1)], sut.Blocks.Select(b => (b.MinTime, b.MaxTime, b.Level)));
        Assert.Equal(360 * 3, sut.Blocks[0].Samples);
        expected.AssertStored(sut);
    }

    [Fact]
    public async Task RunMaintenance_Downsampling_SkipsHistogramsAndKeepsThemRaw()
    {
        var fs = new FakeFileSystem();
        var options = DownsamplingWorkload.Options(TimeSpan.FromDays(60));
        var expected = new Workload(seed: 6, series: 1);
        await using var sut = await OpenAsync(fs, options);
        for (var day = 0; day < 3; day++)
        {
            for (var m = 0; m < 1440; m++)
            {
                await sut.AppendAsync(expected.Next(((day * 1440L) + m) * Minute));
            }

            await sut.RunMaintenanceAsync();
        }

        // Only the float series is aggregated (count, sum, min, max, counter): no NaN series for the histogram one.
        var fiveMinutes = sut.DownsampledBlocks(Resolutions.FiveMinutes);
        Assert.NotEmpty(fiveMinutes);
        Assert.All(fiveMinutes, b => Assert.Equal(5, b.Series));
        var downsampled = sut.SelectDownsampled([Matcher.Create(MatcherType.Equal, "series", "s0")], 0, long.MaxValue, Resolutions.FiveMinutes, DownsampleAggregate.Sum);
        var rawFrom = sut.DownsampledRange(Resolutions.FiveMinutes)!.Value.MaxTime;
        foreach (var series in downsampled)
        {
            // Raw samples from the downsampled range's last window on pass through as they are: histograms, never NaN floats.
            var it = series.GetIterator();
            while (it.MoveNext())
            {
                Assert.True(it.IsHistogram);
                Assert.True(it.Timestamp >= rawFrom - Resolutions.FiveMinutes, $"{it.Timestamp} before the last window of {rawFrom}");
            }
        }

        expected.AssertStored(sut);
    }

    internal static MetricsStorageOptions Options() => new() { MaintenanceInterval = TimeSpan.Zero, SegmentSizeBytes = 64 * 1024 };

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
