using Microsoft.Extensions.Time.Testing;
using Nines.Metrics.Storage;
using Nines.Metrics.Wal;
using Xunit.Abstractions;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStorageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AppendAsync_ReopenRealDirectory_EverySamplePresent()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-wal-" + Guid.NewGuid().ToString("N"));
        try
        {
            SortedDictionary<string, List<(long T, double V)>> before;
            var batch = new MetricsBatch();
            await using (var sut = await MetricsStorage.OpenAsync(directory))
            {
                for (var i = 0; i < 20; i++)
                {
                    StorageTestData.Fill(batch, i % 5 * 10, 10, i * 600_000L, 40);
                    var outcome = await sut.AppendAsync(batch);
                    Assert.Equal(new AppendOutcome(400, 0, 0), outcome);
                }

                before = StorageTestData.Dump(sut.Head);
            }

            Assert.True(File.Exists(Path.Combine(directory, "wal", "00000001")));
            await using var reopened = await MetricsStorage.OpenAsync(directory);
            Assert.Equal(before, StorageTestData.Dump(reopened.Head));
            Assert.Equal(8000, reopened.ReplayReport.Samples);
            Assert.Equal(50, reopened.Head.SeriesCount);
            Assert.Equal(0, reopened.ReplayReport.CorruptRecords);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_ReopenedSeveralTimes_IdsRemappedAndDataIntact()
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        for (var round = 0; round < 4; round++)
        {
            await using var sut = await OpenAsync(fs);
            Assert.Equal(round * 1000, StorageTestData.CountSamples(sut.Head));

            // New series each round, created in reverse order, so replay assigns different ids than before.
            for (var s = 9; s >= 0; s--)
            {
                StorageTestData.Fill(batch, (round * 3) + s, 1, round * 10_000_000L, 100);
                await sut.AppendAsync(batch);
            }
        }

        await using var last = await OpenAsync(fs);
        var dump = StorageTestData.Dump(last.Head);
        Assert.Equal(4000, StorageTestData.CountSamples(last.Head));
        Assert.Equal(19, last.Head.SeriesCount);
        foreach (var (_, samples) in dump)
        {
            for (var i = 1; i < samples.Count; i++)
            {
                Assert.True(samples[i].T > samples[i - 1].T);
            }
        }
    }

    [Fact]
    public async Task AppendAsync_OutOfOrderAndDuplicates_CountedAndReplayedIdentically()
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        var series = StorageTestData.Series(1);
        SortedDictionary<string, List<(long T, double V)>> before;
        await using (var sut = await OpenAsync(fs))
        {
            batch.Add(series, [1000, 2000, 3000], [1, 2, 3]);
            Assert.Equal(new AppendOutcome(3, 0, 0), await sut.AppendAsync(batch));
            batch.Clear();
            batch.Add(series, [3000, 2500, 4000], [9, 9, 4]);
            Assert.Equal(new AppendOutcome(1, 1, 1), await sut.AppendAsync(batch));
            before = StorageTestData.Dump(sut.Head);
        }

        await using var reopened = await OpenAsync(fs);
        Assert.Equal(before, StorageTestData.Dump(reopened.Head));
        Assert.Equal(2, reopened.ReplayReport.RejectedSamples);
    }

    [Theory]
    [InlineData(CrashMode.DropUnsynced)]
    [InlineData(CrashMode.TearLastWrite)]
    [InlineData(CrashMode.KillProcess)]
    public async Task Crash_WhileWriteInFlight_AcknowledgedSurviveAndNothingCorrupt(CrashMode mode)
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        var sut = await OpenAsync(fs);
        for (var i = 0; i < 10; i++)
        {
            StorageTestData.Fill(batch, 0, 5, i * 1_000_000L, 20);
            await sut.AppendAsync(batch);
        }

        var acknowledged = StorageTestData.Dump(sut.Head);

        // The next batch is written but its fsync never returns: the crash hits mid-commit.
        fs.SyncGate.Reset();
        fs.SyncEntered.Reset();
        StorageTestData.Fill(batch, 3, 5, 20_000_000L, 20);
        var inFlight = sut.AppendAsync(batch).AsTask();
        Assert.True(fs.SyncEntered.Wait(Wait));
        fs.Crash(mode);
        await Assert.ThrowsAsync<IOException>(() => inFlight);

        await using var reopened = await OpenAsync(fs);
        var after = StorageTestData.Dump(reopened.Head);
        var report = reopened.ReplayReport;
        foreach (var (labels, samples) in acknowledged)
        {
            Assert.True(after.TryGetValue(labels, out var survived));
            Assert.Equal(samples, survived[..samples.Count]);
        }

        var recovered = StorageTestData.CountSamples(reopened.Head);
        switch (mode)
        {
            case CrashMode.DropUnsynced:
                Assert.Equal(1000, recovered);
                Assert.Equal(0, report.CorruptRecords);
                break;
            case CrashMode.TearLastWrite:
                Assert.Equal(1000, recovered);
                Assert.Equal(1, report.CorruptRecords);
                Assert.True(report.TruncatedBytes > 0);
                break;
            case CrashMode.KillProcess:
                // The page cache survived: the un-acknowledged batch is there, whole (at-least-once).
                Assert.Equal(1100, recovered);
                break;
        }

        // Appending after recovery works, and the next open is clean.
        StorageTestData.Fill(batch, 0, 2, 50_000_000L, 10);
        Assert.Equal(20, (await reopened.AppendAsync(batch)).Accepted);
        await reopened.DisposeAsync();
        await using var third = await OpenAsync(fs);
        Assert.Equal(0, third.ReplayReport.CorruptRecords);
        Assert.Equal(recovered + 20, StorageTestData.CountSamples(third.Head));
    }

    [Fact]
    public async Task Crash_TornLastRecord_TruncatedAtRecordBoundary()
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs))
        {
            StorageTestData.Fill(batch, 0, 3, 0, 50);
            await sut.AppendAsync(batch);
        }

        var segment = "/data/wal/00000001";
        var length = fs.LengthOf(segment);

        // Simulate a half-written record at the tail by cutting the durable file mid-record.
        fs.Truncate(segment, length - 7);
        await using var reopened = await OpenAsync(fs);
        Assert.Equal(1, reopened.ReplayReport.CorruptRecords);
        Assert.Equal(length - 7 - reopened.ReplayReport.TruncatedBytes, fs.LengthOf(segment));
        Assert.Equal(0, StorageTestData.CountSamples(reopened.Head));
        Assert.Equal(3, reopened.Head.SeriesCount);
    }

    [Fact]
    public async Task Open_CorruptMiddleSegment_QuarantinedReportedEarlierDataKept()
    {
        var fs = new FakeFileSystem();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));
        var options = new MetricsStorageOptions { SegmentSizeBytes = 64 * 1024 };
        var batch = new MetricsBatch();
        var perSegment = new List<long>();
        await using (var sut = await OpenAsync(fs, options, time))
        {
            for (var i = 0; i < 60; i++)
            {
                StorageTestData.Fill(batch, 0, 10, i * 10_000_000L, 100);
                await sut.AppendAsync(batch);
            }
        }

        var segments = fs.ListFiles("/data/wal").Order(StringComparer.Ordinal).ToList();
        Assert.True(segments.Count >= 4, $"expected ≥ 4 segments, got {segments.Count}");

        // Damage segment 2 in the middle.
        fs.FlipByte("/data/wal/00000002", fs.LengthOf("/data/wal/00000002") / 2);

        await using var reopened = await OpenAsync(fs, options, time);
        var report = reopened.ReplayReport;
        Assert.Equal(1, report.CorruptRecords);
        Assert.Equal(segments.Skip(1).ToList(), report.QuarantinedSegments);
        Assert.Equal("/data/wal/corrupted-20261125T200000Z", report.QuarantineDirectory);
        Assert.Equal(segments.Count - 1, fs.ListFiles(report.QuarantineDirectory!).Count);
        Assert.Contains("00000002", fs.ListFiles("/data/wal"));
        Assert.Equal(10, reopened.Head.SeriesCount);

        // Segment 1 and the good prefix of segment 2 are kept; every kept series is a prefix of what was written.
        var kept = StorageTestData.CountSamples(reopened.Head);
        Assert.True(kept > 0 && kept < 60_000, $"kept {kept}");
        Assert.Equal(report.Samples, kept);
        foreach (var (_, samples) in StorageTestData.Dump(reopened.Head))
        {
            Assert.Equal(0, samples[0].T);
        }

        // The store keeps working and the next open replays cleanly from the kept segments plus the new one.
        StorageTestData.Fill(batch, 0, 10, 900_000_000L, 1);
        Assert.Equal(10, (await reopened.AppendAsync(batch)).Accepted);
        await reopened.DisposeAsync();
        await using var third = await OpenAsync(fs, options, time);
        Assert.Equal(0, third.ReplayReport.CorruptRecords);
        Assert.Equal(kept + 10, StorageTestData.CountSamples(third.Head));
    }

    [Fact]
    public async Task Open_CorruptByteInLastSegment_TruncatedThereAndPrefixKept()
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs))
        {
            for (var i = 0; i < 10; i++)
            {
                StorageTestData.Fill(batch, 0, 2, i * 1_000_000L, 10);
                await sut.AppendAsync(batch);
            }
        }

        var length = fs.LengthOf("/data/wal/00000001");
        fs.FlipByte("/data/wal/00000001", length - 20);
        await using var reopened = await OpenAsync(fs);
        Assert.Equal(1, reopened.ReplayReport.CorruptRecords);
        Assert.Empty(reopened.ReplayReport.QuarantinedSegments);
        Assert.Equal(180, StorageTestData.CountSamples(reopened.Head));
    }

    [Fact]
    public async Task AppendAsync_EightConcurrentAppenders_AllPresentAndGroupCommitted()
    {
        var fs = new FakeFileSystem { SyncDelay = TimeSpan.FromMilliseconds(2) };
        const int Appenders = 8;
        const int BatchesEach = 60;
        var sut = await OpenAsync(fs);
        var syncsBefore = fs.FileSyncCount;
        var tasks = new Task[Appenders];
        for (var a = 0; a < Appenders; a++)
        {
            var appender = a;
            tasks[a] = Task.Run(async () =>
            {
                var batch = new MetricsBatch();
                for (var i = 0; i < BatchesEach; i++)
                {
                    StorageTestData.Fill(batch, appender * 4, 4, i * 1_000_000L, 25);
                    Assert.Equal(100, (await sut.AppendAsync(batch)).Accepted);
                }
            });
        }

        await Task.WhenAll(tasks);
        var syncs = fs.FileSyncCount - syncsBefore;
        var expected = StorageTestData.Dump(sut.Head);
        Assert.Equal(Appenders * BatchesEach * 100, StorageTestData.CountSamples(sut.Head));
        output.WriteLine($"{syncs} fsyncs for {Appenders * BatchesEach} batches");
        Assert.True(syncs < Appenders * BatchesEach / 3, $"{syncs} fsyncs for {Appenders * BatchesEach} batches");

        fs.Crash(CrashMode.DropUnsynced);
        await using var reopened = await OpenAsync(fs);
        Assert.Equal(expected, StorageTestData.Dump(reopened.Head));
    }

    [Fact]
    public async Task AppendAsync_QueueFull_ThrowsBackPressureAfterTimeout()
    {
        var fs = new FakeFileSystem();
        var time = new FakeTimeProvider();
        var options = new MetricsStorageOptions { QueueCapacity = 2, QueueFullTimeout = TimeSpan.FromSeconds(1) };
        await using var sut = await OpenAsync(fs, options, time);
        fs.SyncGate.Reset();
        fs.SyncEntered.Reset();

        var batches = new MetricsBatch[4];
        var pending = new List<Task<AppendOutcome>>();
        for (var i = 0; i < batches.Length; i++)
        {
            batches[i] = new MetricsBatch();
            StorageTestData.Fill(batches[i], i, 1, 0, 5);
        }

        // One batch is stuck in the writer's fsync, two fill the queue...
        pending.Add(sut.AppendAsync(batches[0]).AsTask());
        Assert.True(fs.SyncEntered.Wait(Wait));
        pending.Add(sut.AppendAsync(batches[1]).AsTask());
        pending.Add(sut.AppendAsync(batches[2]).AsTask());

        // ...so the fourth waits, and fails once the timeout passes on the injected clock.
        var blocked = sut.AppendAsync(batches[3]).AsTask();
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<WalBackPressureException>(() => blocked);

        fs.SyncGate.Set();
        foreach (var task in pending)
        {
            Assert.Equal(5, (await task).Accepted);
        }

        Assert.Equal(15, StorageTestData.CountSamples(sut.Head));
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedBatches_FlushesThemAndIsIdempotent()
    {
        var fs = new FakeFileSystem();
        var sut = await OpenAsync(fs);
        fs.SyncGate.Reset();
        var pending = new List<Task<AppendOutcome>>();
        for (var i = 0; i < 5; i++)
        {
            var batch = new MetricsBatch();
            StorageTestData.Fill(batch, i, 1, 0, 10);
            pending.Add(sut.AppendAsync(batch).AsTask());
        }

        var dispose = sut.DisposeAsync().AsTask();
        fs.SyncGate.Set();
        await dispose;
        await sut.DisposeAsync();
        foreach (var task in pending)
        {
            Assert.Equal(10, (await task).Accepted);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sut.AppendAsync(new MetricsBatch()).AsTask());
        fs.Crash(CrashMode.DropUnsynced);
        await using var reopened = await OpenAsync(fs);
        Assert.Equal(50, StorageTestData.CountSamples(reopened.Head));
    }

    [Fact]
    public async Task AppendAsync_FsyncFails_BatchFailsAndWalRefusesFurtherWrites()
    {
        var fs = new FakeFileSystem();
        await using var sut = await OpenAsync(fs);
        var batch = new MetricsBatch();
        StorageTestData.Fill(batch, 0, 1, 0, 10);
        fs.FailSyncs = true;
        await Assert.ThrowsAsync<IOException>(() => sut.AppendAsync(batch).AsTask());
        fs.FailSyncs = false;
        await Assert.ThrowsAsync<IOException>(() => sut.AppendAsync(batch).AsTask());
        Assert.Equal(0, StorageTestData.CountSamples(sut.Head));
    }

    [Fact]
    public async Task Open_WalLargerThanReplayBuffer_StreamsWithBoundedBuffer()
    {
        var fs = new FakeFileSystem();
        var options = new MetricsStorageOptions { ReplayBufferBytes = 4096, SegmentSizeBytes = 256 * 1024 };
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs, options))
        {
            for (var i = 0; i < 600; i++)
            {
                StorageTestData.Fill(batch, i % 20, 5, i * 1_000_000L, 40);
                await sut.AppendAsync(batch);
            }
        }

        await using var reopened = await OpenAsync(fs, options);
        var report = reopened.ReplayReport;
        Assert.Equal(120_000, report.Samples);
        Assert.True(report.Bytes > 1024 * 1024, $"WAL of {report.Bytes} bytes");
        Assert.True(report.Segments >= 2);
        Assert.True(report.MaxBufferedBytes <= 8192, $"replay buffered {report.MaxBufferedBytes} bytes");
    }

    [Fact]
    public async Task AppendAsync_BatchOverMaxRecordBytes_RejectedWithoutWriting()
    {
        var fs = new FakeFileSystem();
        await using var sut = await OpenAsync(fs, new MetricsStorageOptions { MaxRecordBytes = 1024 });
        var batch = new MetricsBatch();
        StorageTestData.Fill(batch, 0, 1, 0, 200);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => sut.AppendAsync(batch).AsTask());
        Assert.Contains("MaxRecordBytes", error.Message, StringComparison.Ordinal);
        StorageTestData.Fill(batch, 0, 1, 0, 20);
        Assert.Equal(20, (await sut.AppendAsync(batch)).Accepted);
    }

    [Fact]
    public async Task OpenAsync_InvalidOption_NamesTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OpenAsync(new FakeFileSystem(), new MetricsStorageOptions { QueueCapacity = 0 }));
        Assert.Contains("MetricsStorageOptions.QueueCapacity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_ReplayedSeries_NotCountedAsChurn()
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs))
        {
            StorageTestData.Fill(batch, 0, 10, 1_000, 1);
            await sut.AppendAsync(batch);
            Assert.Equal(10, sut.Head.Cardinality(10, TimeSpan.FromHours(1)).Created);
        }

        await using var reopened = await OpenAsync(fs);
        StorageTestData.Fill(batch, 10, 2, 2_000, 1);
        await reopened.AppendAsync(batch);
        var report = reopened.Head.Cardinality(10, TimeSpan.FromHours(1));

        Assert.Equal(12, report.Series);
        Assert.Equal(2, report.Created);
    }

    private static Task<MetricsStorage> OpenAsync(FakeFileSystem fs, MetricsStorageOptions? options = null, TimeProvider? time = null) =>
        MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options, time, logger: null, CancellationToken.None);
}
