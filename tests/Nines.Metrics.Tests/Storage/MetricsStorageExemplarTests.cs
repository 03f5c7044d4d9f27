using Nines.Metrics.Exemplars;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStorageExemplarTests
{
    private const long Hour = 3_600_000;

    private static readonly LabelSet Bucket = LabelSet.FromStrings("__name__", "http_request_duration_seconds_bucket", "job", "api", "le", "0.25");

    private static readonly IReadOnlyList<IReadOnlyList<Matcher>> All = [[Matcher.Create(MatcherType.Equal, "job", "api")]];

    private static MetricsStorageOptions Options() => new() { MaintenanceInterval = TimeSpan.Zero, SegmentSizeBytes = 64 * 1024 };

    private static Task<MetricsStorage> OpenAsync(FakeFileSystem fs, MetricsStorageOptions? options = null) =>
        MetricsStorage.OpenAsync(fs, StorageTestData.Directory, options ?? Options(), null, logger: null, CancellationToken.None);

    private static LabelSet Trace(int i) => LabelSet.FromStrings("span_id", $"{i:x16}", "trace_id", $"{i:x32}");

    private static List<(string Trace, double Value, long T)> Dump(MetricsStorage storage) =>
        [.. storage.SelectExemplars(long.MinValue, long.MaxValue, All).SelectMany(s => s.Exemplars).Select(e => (e.Labels.Get("trace_id"), e.Value, e.Timestamp))];

    [Fact]
    public async Task AppendAsync_ExemplarsWithAndWithoutSamples_CountedAndQueryable()
    {
        var fs = new FakeFileSystem();
        await using var sut = await OpenAsync(fs);
        var batch = new MetricsBatch();
        batch.Add(Bucket, 1000, 3);
        batch.AddExemplar(Trace(1), 0.2, 1000);

        // Remote write sends exemplars in series entries of their own, without samples.
        batch.Add(Bucket, [], []);
        batch.AddExemplar(Trace(1), 0.2, 1000);
        batch.AddExemplar(Trace(2), 0.1, 900);
        batch.AddExemplar(Trace(3), 0.2, 2000);

        var outcome = await sut.AppendAsync(batch);

        Assert.Equal(new AppendOutcome(1, 0, 0) { ExemplarsAccepted = 2, ExemplarsDuplicate = 1, ExemplarsRejected = 1 }, outcome);
        Assert.Equal([(new string('0', 31) + "1", 0.2, 1000L), (new string('0', 31) + "3", 0.2, 2000L)], Dump(sut));
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_AcknowledgedExemplarsReplayedWithTheSameVerdicts()
    {
        var fs = new FakeFileSystem();
        List<(string, double, long)> before;
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs))
        {
            for (var i = 1; i <= 50; i++)
            {
                batch.Clear();
                batch.Add(Bucket, i * 1000L, i);
                batch.AddExemplar(Trace(i), i / 100.0, i * 1000L);
                batch.AddExemplar(Trace(i), i / 100.0, (i * 1000L) - 1);
                await sut.AppendAsync(batch);
            }

            before = Dump(sut);
        }

        await using var reopened = await OpenAsync(fs);

        Assert.Equal(50, before.Count);
        Assert.Equal(before, Dump(reopened));
        Assert.Equal(50, reopened.ReplayReport.Exemplars);
        batch.Clear();
        batch.Add(Bucket, [], []);
        batch.AddExemplar(Trace(50), 0.5, 50_000);
        Assert.Equal(1, (await reopened.AppendAsync(batch)).ExemplarsDuplicate);
    }

    [Fact]
    public async Task OpenAsync_RingSmallerThanWal_KeepsTheNewestAfterReplay()
    {
        var fs = new FakeFileSystem();
        var options = Options();
        options.MaxExemplars = 10;
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs, options))
        {
            batch.Add(Bucket, [], []);
            for (var i = 1; i <= 25; i++)
            {
                batch.AddExemplar(Trace(i), 1, i);
            }

            await sut.AppendAsync(batch);
            Assert.Equal(10, sut.ExemplarCount);
        }

        await using var reopened = await OpenAsync(fs, options);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), Dump(reopened).Select(e => e.T));
    }

    [Fact]
    public async Task RunMaintenance_Checkpoint_KeepsExemplarsAfterTheCutThroughRestart()
    {
        var fs = new FakeFileSystem();
        var batch = new MetricsBatch();
        await using (var sut = await OpenAsync(fs))
        {
            // 3.5 hours of one sample and one exemplar a minute: the first 2 h go to a block, the WAL is checkpointed.
            for (var m = 0; m < 210; m++)
            {
                batch.Clear();
                batch.Add(Bucket, m * 60_000L, m);
                batch.AddExemplar(Trace(m), m, m * 60_000L);
                await sut.AppendAsync(batch);
            }

            await sut.RunMaintenanceAsync();
            Assert.Single(sut.Blocks);
            Assert.Equal(210, sut.ExemplarCount);
        }

        await using var reopened = await OpenAsync(fs);

        // As Prometheus' checkpoint: exemplars before the head's new minimum time are dropped from the WAL.
        Assert.NotNull(reopened.ReplayReport.Checkpoint);
        Assert.Equal(Enumerable.Range(120, 90).Select(m => m * 60_000L), Dump(reopened).Select(e => e.T));
        Assert.True(Dump(reopened).All(e => e.T >= 2 * Hour));
    }
}
