using Nines.Metrics.Downsampling;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Tests.Shared;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStorageDownsamplingTests
{
    private const long Day = DownsamplingWorkload.Day;
    private static readonly Matcher[] Counters = [Matcher.Create(MatcherType.Equal, "__name__", "ds_requests_total")];

    private static async Task<MetricsStorage> OpenAsync(FakeFileSystem fs, MetricsStorageOptions options) =>
        await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);

    private static List<(long T, double V)> Samples(Nines.Metrics.Head.SelectedSeries series)
    {
        var result = new List<(long, double)>();
        var it = series.GetIterator();
        while (it.MoveNext())
        {
            result.Add((it.Timestamp, it.Value));
        }

        return result;
    }

    [Fact]
    public async Task RunMaintenance_ThirtyDays_WritesDailyFiveMinuteAndTenDayOneHourBlocks()
    {
        var fs = new FakeFileSystem();
        await using var sut = await OpenAsync(fs, DownsamplingWorkload.Options(TimeSpan.FromDays(60)));

        await new DownsamplingWorkload(2).AppendDaysAsync(sut, 0, 30);

        // The head keeps the newest day or so, so raw blocks reach day 29 and 5m blocks too.
        var fiveMinutes = sut.DownsampledBlocks(Resolutions.FiveMinutes);
        Assert.Equal(Enumerable.Range(0, 29).Select(d => d * Day), fiveMinutes.Select(b => b.MinTime));
        Assert.All(fiveMinutes, b => Assert.Equal((Day, 4 * 5L, Resolutions.FiveMinutes), (b.MaxTime - b.MinTime, b.Series, b.Resolution)));
        Assert.Equal([(0L, 10 * Day), (10 * Day, 20 * Day)], sut.DownsampledBlocks(Resolutions.OneHour).Select(b => (b.MinTime, b.MaxTime)));
        Assert.Equal(29 + 2, sut.DownsampledBlocksWritten);

        // A day of 1440 raw samples is 288 windows: count, sum, min, max one sample each; the counter
        // aggregate of a counter one (and two more around a reset), of a gauge up to three (every
        // fall is a "reset").
        var day3 = fiveMinutes[3];
        Assert.InRange(day3.Samples, (4 * 288 * 4) + (2 * 288), (4 * 288 * 4) + (2 * 288) + 4 + (2 * 288 * 3));
        Assert.True(fs.DirectoryExists(Path.Combine(StorageTestData.Directory, "downsampled", "5m", day3.Ulid)));
    }

    [Fact]
    public async Task SelectDownsampled_Counter_SameIncreaseAsRawUpToEveryHourAndStitchesRawAfterTheLastBlock()
    {
        var fs = new FakeFileSystem();
        await using var sut = await OpenAsync(fs, DownsamplingWorkload.Options(TimeSpan.FromDays(60)));
        await new DownsamplingWorkload(2).AppendDaysAsync(sut, 0, 12);

        var raw = sut.Select(Counters, 0, long.MaxValue);
        var downsampled = sut.SelectDownsampled(Counters, 0, long.MaxValue, Resolutions.OneHour, DownsampleAggregate.Counter);

        Assert.Equal(raw.Select(s => s.Labels), downsampled.Select(s => s.Labels));
        for (var i = 0; i < raw.Count; i++)
        {
            var r = Samples(raw[i]);
            var d = Samples(downsampled[i]);
            Assert.True(d.Count < r.Count / 2, $"{d.Count} of {r.Count}");
            Assert.Equal(r[^1], d[^1]);
            Assert.Equal(Increase(r), Increase(d), 1e-6 * Increase(r));

            // After the 5m data ends (day 10), every raw sample is there.
            var cut = sut.DownsampledRange(Resolutions.FiveMinutes)!.Value.MaxTime;
            Assert.Equal(r.Where(s => s.T >= cut), d.Where(s => s.T >= cut));
        }
    }

    [Fact]
    public async Task RunMaintenance_RetentionPerResolution_EachKeepsItsOwnAgeAndFinerKeptUntilCoarserHoldsIt()
    {
        var fs = new FakeFileSystem();
        var options = DownsamplingWorkload.Options(TimeSpan.FromDays(2));
        options.Retention5m = TimeSpan.FromDays(12);
        options.Retention1h = TimeSpan.FromDays(365);
        await using var sut = await OpenAsync(fs, options);

        await new DownsamplingWorkload(2).AppendDaysAsync(sut, 0, 30);

        // Newest sample: day 30 minus a minute. Raw: 2 days. 5m: 12 days (the 1h blocks hold day
        // 0-20 already). 1h: everything.
        var newest = (30 * Day) - DownsamplingWorkload.Minute;
        Assert.All(sut.Blocks, b => Assert.True(b.MaxTime > newest - (2 * Day), $"raw block ending {b.MaxTime / Day}d"));
        Assert.Equal(Enumerable.Range(17, 12).Select(d => d * Day), sut.DownsampledBlocks(Resolutions.FiveMinutes).Select(b => b.MinTime));
        Assert.Equal([0L, 10 * Day], sut.DownsampledBlocks(Resolutions.OneHour).Select(b => b.MinTime));

        // Day 1 is only in the 1h blocks now: raw has nothing, the 1h counter still has its increase.
        Assert.Empty(sut.Select(Counters, Day, 2 * Day));
        var old = sut.SelectDownsampled(Counters, Day, (2 * Day) - 1, Resolutions.OneHour, DownsampleAggregate.Counter);
        Assert.Equal(2, old.Count);
        Assert.Equal(24, Samples(old[0]).Count);
    }

    [Fact]
    public async Task RunMaintenance_FiveMinuteRetentionWithDownsamplingOff_DeletesRawByAgeAlone()
    {
        var fs = new FakeFileSystem();
        var options = DownsamplingWorkload.Options(TimeSpan.FromDays(2));
        options.Downsampling = false;
        await using var sut = await OpenAsync(fs, options);

        await new DownsamplingWorkload(1).AppendDaysAsync(sut, 0, 6);

        Assert.Empty(sut.DownsampledBlocks(Resolutions.FiveMinutes));
        Assert.All(sut.Blocks, b => Assert.True(b.MaxTime > (6 * Day) - (2 * Day) - DownsamplingWorkload.Minute));
    }

    [Fact]
    public async Task OpenAsync_FiveMinuteBlockWithFlippedChunkByte_QuarantinedAndOtherResolutionsReadable()
    {
        var fs = new FakeFileSystem();
        var options = DownsamplingWorkload.Options(TimeSpan.FromDays(60));
        options.DenseCompactedBlocks = false;
        string victim;
        await using (var sut = await OpenAsync(fs, options))
        {
            await new DownsamplingWorkload(1).AppendDaysAsync(sut, 0, 5);
            victim = sut.DownsampledBlocks(Resolutions.FiveMinutes)[1].Ulid;
        }

        var directory = Path.Combine(StorageTestData.Directory, "downsampled", "5m");
        fs.FlipByte(Path.Combine(directory, victim, "chunks", "000001"), 200);

        await using var reopened = await OpenAsync(fs, options);

        Assert.Equal(1, reopened.QuarantinedBlocks);
        Assert.Contains(victim, fs.ListDirectories(Path.Combine(directory, "quarantine")));
        Assert.Equal([0L, 2 * Day, 3 * Day], reopened.DownsampledBlocks(Resolutions.FiveMinutes).Select(b => b.MinTime));
        Assert.Equal(5 * 1440, Samples(Assert.Single(reopened.Select(Counters, 0, long.MaxValue))).Count);
    }

    [Fact]
    public async Task OpenAsync_BlockOfOtherResolutionInFiveMinuteDirectory_Quarantined()
    {
        var fs = new FakeFileSystem();
        var options = DownsamplingWorkload.Options(TimeSpan.FromDays(60));
        string raw;
        await using (var sut = await OpenAsync(fs, options))
        {
            await new DownsamplingWorkload(1).AppendDaysAsync(sut, 0, 3);
            raw = sut.Blocks[0].Ulid;
        }

        var directory = Path.Combine(StorageTestData.Directory, "downsampled", "5m");
        fs.MoveDirectory(Path.Combine(StorageTestData.Directory, raw), Path.Combine(directory, raw));

        await using var reopened = await OpenAsync(fs, options);

        Assert.Equal(1, reopened.QuarantinedBlocks);
        Assert.Contains(raw, fs.ListDirectories(Path.Combine(directory, "quarantine")));
    }

    [Theory]
    [InlineData(CrashMode.DropUnsynced)]
    [InlineData(CrashMode.TearLastWrite)]
    public async Task RunMaintenance_CrashAtStepsOfADayWithDownsampling_ReopensWithWholeBlocksAndCatchesUp(CrashMode mode)
    {
        // Without a crash: the blocks and the mutating operations of the third day (appends, persist, downsample).
        var probe = new FakeFileSystem();
        var options = DownsamplingWorkload.Options(TimeSpan.FromDays(60));
        int before, after;
        List<(long, long)> expected;
        await using (var sut = await OpenAsync(probe, options))
        {
            var workload = new DownsamplingWorkload(1);
            await workload.AppendDaysAsync(sut, 0, 2);
            before = probe.MutatingOperations;
            await workload.AppendDaysAsync(sut, 2, 3);
            after = probe.MutatingOperations;
            expected = [.. sut.DownsampledBlocks(Resolutions.FiveMinutes).Select(b => (b.MinTime, b.Samples))];
        }

        Assert.Equal(2, expected.Count);
        for (var crashAt = 0; crashAt < after - before; crashAt += Math.Max(1, (after - before) / 40))
        {
            var fs = new FakeFileSystem();
            var workload = new DownsamplingWorkload(1);
            var sut = await OpenAsync(fs, options);
            await workload.AppendDaysAsync(sut, 0, 2);
            fs.OperationsUntilCrash = crashAt;
            try
            {
                await workload.AppendDaysAsync(sut, 2, 3);
            }
            catch (Exception e) when (e is IOException or Nines.Metrics.Wal.WalBackPressureException or ObjectDisposedException)
            {
            }

            fs.Crash(mode);
            try
            {
                // The old process is dead: its handles fail; only the files count.
                await sut.DisposeAsync();
            }
            catch (IOException)
            {
            }

            await using var reopened = await OpenAsync(fs, options);
            await reopened.RunMaintenanceAsync();

            // Whole blocks only, each with exactly the samples of the run without a crash.
            Assert.Equal(0, reopened.QuarantinedBlocks);
            var blocks = reopened.DownsampledBlocks(Resolutions.FiveMinutes).Select(b => (b.MinTime, b.Samples)).ToList();
            Assert.Equal(expected.Take(blocks.Count), blocks);
            Assert.DoesNotContain(fs.ListDirectories(Path.Combine(StorageTestData.Directory, "downsampled", "5m")), d => d.EndsWith(".tmp-for-creation", StringComparison.Ordinal));
        }
    }

    private static double Increase(List<(long T, double V)> samples)
    {
        double total = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            total += samples[i].V >= samples[i - 1].V ? samples[i].V - samples[i - 1].V : samples[i].V;
        }

        return total;
    }
}
