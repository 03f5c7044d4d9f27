using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Metrics.Tests.Blocks;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStorageBlockTests
{
    private const long Hour = 3_600_000;

    // 10 series, 15 s apart, from 0 to `hours` hours, appended in 10-minute batches.
    private static async Task<long> AppendHoursAsync(MetricsStorage sut, double fromHours, double toHours)
    {
        var batch = new MetricsBatch();
        long count = 0;
        for (var t = (long)(fromHours * Hour); t < (long)(toHours * Hour); t += 600_000)
        {
            StorageTestData.Fill(batch, 0, 10, t, 40);
            var outcome = await sut.AppendAsync(batch);
            Assert.Equal(400, outcome.Accepted);
            count += outcome.Accepted;
        }

        return count;
    }

    private static SortedDictionary<string, List<(long T, double V)>> Everything(MetricsStorage sut)
    {
        var result = new SortedDictionary<string, List<(long, double)>>(StringComparer.Ordinal);
        foreach (var series in sut.Select([Matcher.Create(MatcherType.Regex, "__name__", ".+")], long.MinValue, long.MaxValue))
        {
            var samples = new List<(long, double)>();
            var it = series.GetIterator();
            while (it.MoveNext())
            {
                samples.Add((it.Timestamp, it.Value));
            }

            result[series.Labels.ToString()!] = samples;
        }

        return result;
    }

    private static MetricsStorageOptions Options() => new() { MaintenanceInterval = TimeSpan.Zero, SegmentSizeBytes = 64 * 1024 };

    [Fact]
    public async Task RunMaintenance_HeadSpansThreeAndAHalfHours_PersistsTwoHourBlockAndKeepsEverySample()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-blocks-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var sut = await MetricsStorage.OpenAsync(directory, Options()))
            {
                var appended = await AppendHoursAsync(sut, 0, 3.5);
                var before = Everything(sut);
                var walBefore = Directory.GetFiles(Path.Combine(directory, "wal")).Length;

                await sut.RunMaintenanceAsync();

                var block = Assert.Single(sut.Blocks);
                Assert.Equal((0L, 2 * Hour, 10L, 4800L, 1), (block.MinTime, block.MaxTime, block.Series, block.Samples, block.Level));
                Assert.Equal(before, Everything(sut));
                Assert.Equal(appended, Everything(sut).Values.Sum(v => v.Count));
                Assert.True(Directory.Exists(Path.Combine(directory, "wal", "checkpoint." + (walBefore).ToString("D8", CultureInfo.InvariantCulture))));
                Assert.True(Directory.GetFiles(Path.Combine(directory, "wal")).Length < walBefore);

                // Samples before the persisted range are refused, as Prometheus refuses out-of-bounds samples.
                var late = new MetricsBatch();
                late.Add(StorageTestData.Series(99), Hour, 1);
                Assert.Equal(new AppendOutcome(0, 1, 0), await sut.AppendAsync(late));

                var dumped = Promtool.Dump([Path.Combine(directory, block.Ulid)]);
                Assert.Equal(4800, dumped.Count);
                Assert.StartsWith("{__name__=\"wal_test\", instance=\"host-0\", job=\"j0\"} 0 0", dumped[0], StringComparison.Ordinal);
            }

            await using var reopened = await MetricsStorage.OpenAsync(directory, Options());
            Assert.Single(reopened.Blocks);
            Assert.Equal(8400, Everything(reopened).Values.Sum(v => v.Count));

            // Replay read the checkpoint and the newer segments only: the 2 h in the block are not replayed.
            Assert.NotNull(reopened.ReplayReport.Checkpoint);
            Assert.True(reopened.ReplayReport.Samples <= 8400 - 4800 + 400, $"replayed {reopened.ReplayReport.Samples}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RunMaintenance_ThreeBlocksInSixHourWindow_CompactsIntoOneLevelTwoBlock()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.MaxBlockRange = TimeSpan.FromHours(6);
        await using var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);
        await AppendHoursAsync(sut, 0, 9.5);
        var before = Everything(sut);

        await sut.RunMaintenanceAsync();

        Assert.Equal(1, sut.Compactions);
        Assert.Equal([(0L, 6 * Hour, 2), (6 * Hour, 8 * Hour, 1)], sut.Blocks.Select(b => (b.MinTime, b.MaxTime, b.Level)));
        Assert.Equal(before, Everything(sut));
        var dirs = fs.ListDirectories(StorageTestData.Directory).Where(d => d.Length == 26).ToList();
        Assert.Equal(2, dirs.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunMaintenance_CompactedBlock_PromtoolReadsXorAndDenseIsSmaller(bool dense)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-compact-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options();
            options.MaxBlockRange = TimeSpan.FromHours(6);
            options.DenseCompactedBlocks = dense;
            await using var sut = await MetricsStorage.OpenAsync(directory, options);
            await AppendHoursAsync(sut, 0, 7.5);

            await sut.RunMaintenanceAsync();

            var compacted = sut.Blocks[0];
            Assert.Equal((0L, 6 * Hour, 2, 14400L), (compacted.MinTime, compacted.MaxTime, compacted.Level, compacted.Samples));
            var (code, dump) = Promtool.TryDump([Path.Combine(directory, compacted.Ulid)]);
            if (dense)
            {
                // Nines' dense encoding is not a Prometheus chunk encoding: promtool refuses it, and the block is much smaller.
                Assert.True(code != 0, dump);
                Assert.True(compacted.SizeBytes < 14400, $"{compacted.SizeBytes} bytes for 14400 samples");
            }
            else
            {
                Assert.True(code == 0, dump);
                Assert.Equal(14400, dump.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RunMaintenance_HundredHourGap_PersistsOnlyRangesWithDataAndKeepsEverySample()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.Retention = TimeSpan.Zero;
        await using var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);
        await AppendHoursAsync(sut, 0, 1);
        await AppendHoursAsync(sut, 100, 104);
        var before = Everything(sut);

        await sut.RunMaintenanceAsync();

        // One block per range with data ([0,2h), then [100h,102h)), not fifty empty rounds in between.
        Assert.Equal([(0L, 2 * Hour), (100 * Hour, 102 * Hour)], sut.Blocks.Select(b => (b.MinTime, b.MaxTime)));
        Assert.Equal(before, Everything(sut));
        var checkpoint = Assert.Single(fs.ListDirectories(Path.Combine(StorageTestData.Directory, "wal")), d => d.StartsWith("checkpoint.", StringComparison.Ordinal));
        Assert.True(int.Parse(checkpoint["checkpoint.".Length..], CultureInfo.InvariantCulture) < 10, checkpoint + ": a WAL segment was cut per empty range");
    }

    [Fact]
    public async Task RunMaintenance_RetentionFourHours_DeletesOldestBlocksOnly()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.Retention = TimeSpan.FromHours(4);
        options.MaxBlockRange = TimeSpan.FromHours(2);
        options.Downsampling = false;
        await using var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);
        await AppendHoursAsync(sut, 0, 9.5);

        await sut.RunMaintenanceAsync();

        // Newest sample ~9.5 h: blocks ending at or before 5.5 h go; [4h,6h) and [6h,8h) stay.
        Assert.Equal([4 * Hour, 6 * Hour], sut.Blocks.Select(b => b.MinTime));
        Assert.Equal(2, sut.RetentionDeletions);
        var samples = Everything(sut).Values.SelectMany(v => v).Select(s => s.T).ToList();
        Assert.Equal(4 * Hour, samples.Min());
    }

    [Fact]
    public async Task RunMaintenance_RetentionFourHoursWithDownsampling_KeepsRawBlocksUntilTheirDayIsDownsampled()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.Retention = TimeSpan.FromHours(4);
        options.MaxBlockRange = TimeSpan.FromHours(2);
        await using var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);
        await AppendHoursAsync(sut, 0, 9.5);

        await sut.RunMaintenanceAsync();

        // Day 0 is not complete, so it has no 5m block yet: nothing is deleted by age.
        Assert.Equal([0, 2 * Hour, 4 * Hour, 6 * Hour], sut.Blocks.Select(b => b.MinTime));
        Assert.Equal(0, sut.RetentionDeletions);
    }

    [Fact]
    public async Task RunMaintenance_RetentionSize_DeletesOldestUntilUnderTheLimit()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.Retention = TimeSpan.Zero;
        options.MaxBlockRange = TimeSpan.FromHours(2);
        await using var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);
        await AppendHoursAsync(sut, 0, 9.5);
        await sut.RunMaintenanceAsync();
        Assert.Equal(4, sut.Blocks.Count);
        options.RetentionSizeBytes = sut.Blocks.Skip(2).Sum(b => b.SizeBytes);

        await sut.RunMaintenanceAsync();

        Assert.Equal([4 * Hour, 6 * Hour], sut.Blocks.Select(b => b.MinTime));
    }

    [Fact]
    public async Task OpenAsync_BlockWithFlippedChunkByte_QuarantinedAndRestReadable()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.MaxBlockRange = TimeSpan.FromHours(2);
        string victim;
        await using (var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default))
        {
            await AppendHoursAsync(sut, 0, 5.5);
            await sut.RunMaintenanceAsync();
            Assert.Equal(2, sut.Blocks.Count);
            victim = sut.Blocks[0].Ulid;
        }

        fs.FlipByte(Path.Combine(StorageTestData.Directory, victim, "chunks", "000001"), 100);
        var reported = new List<(long Value, string? Tenant)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "nines.metrics.blocks.quarantined")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant")
                {
                    lock (reported)
                    {
                        reported.Add((value, tag.Value as string));
                    }
                }
            }
        });
        listener.Start();
        await using var reopened = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);

        Assert.Equal(1, reopened.QuarantinedBlocks);
        lock (reported)
        {
            Assert.Contains((1L, "data"), reported);
        }

        Assert.Equal([2 * Hour], reopened.Blocks.Select(b => b.MinTime));
        Assert.Contains(victim, fs.ListDirectories(Path.Combine(StorageTestData.Directory, "quarantine")));
        var samples = Everything(reopened).Values.SelectMany(v => v).Select(s => s.T).ToList();
        Assert.Equal(2 * Hour, samples.Min());
        Assert.Equal(10 * (1320 - 480), samples.Count);
    }

    [Theory]
    [InlineData(CrashMode.KillProcess)]
    [InlineData(CrashMode.DropUnsynced)]
    public async Task RunMaintenance_CrashAtEveryStep_NoAcknowledgedSampleLost(CrashMode mode)
    {
        // Count the mutating file operations of one full maintenance round (persist, truncate,
        // checkpoint, compact), then crash at each of them in turn.
        var probe = new FakeFileSystem();
        var options = Options();
        options.MaxBlockRange = TimeSpan.FromHours(6);
        SortedDictionary<string, List<(long T, double V)>> expected;
        int start, end;
        await using (var sut = await MetricsStorage.OpenAsync(probe, StorageTestData.Directory, options, null, null, default))
        {
            await AppendHoursAsync(sut, 0, 7.5);
            expected = Everything(sut);
            start = probe.MutatingOperations;
            await sut.RunMaintenanceAsync();
            end = probe.MutatingOperations;
            Assert.Equal(1, sut.Compactions);
        }

        for (var crashAt = 0; crashAt < end - start; crashAt++)
        {
            var fs = new FakeFileSystem();
            await using (var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default))
            {
                await AppendHoursAsync(sut, 0, 7.5);
                fs.OperationsUntilCrash = crashAt;
                await Assert.ThrowsAnyAsync<Exception>(() => sut.RunMaintenanceAsync());
                fs.Crash(mode);
                try
                {
                    await sut.DisposeAsync();
                }
                catch (IOException)
                {
                    // The dead process' WAL cannot close; it does not need to.
                }
            }

            await using var reopened = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, null, null, default);
            var actual = Everything(reopened);
            Assert.True(expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var a) && a.SequenceEqual(e.Value)), $"crash at operation {crashAt}: {actual.Count} series, {actual.Values.Sum(v => v.Count)} samples, {reopened.ReplayReport.Samples} replayed, blocks {reopened.Blocks.Count}");

            // And the next round completes what the crash interrupted.
            await reopened.RunMaintenanceAsync();
            actual = Everything(reopened);
            Assert.True(expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var a) && a.SequenceEqual(e.Value)), $"after recovery from crash at operation {crashAt}");
        }
    }
}
