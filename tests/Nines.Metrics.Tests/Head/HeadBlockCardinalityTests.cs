using Microsoft.Extensions.Time.Testing;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Head;

public sealed class HeadBlockCardinalityTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Cardinality_ExplodedLabel_TopsValuesAndChurn()
    {
        using var sut = CreateSut();
        for (var i = 0; i < 5; i++)
        {
            Add(sut, "up", "job", "api", "instance", "i" + i);
        }

        _time.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 50; i++)
        {
            Add(sut, "http_requests_total", "job", "api", "request_id", "r" + i);
        }

        var report = sut.Cardinality(3, TimeSpan.FromHours(1));

        Assert.Equal(55, report.Series);
        Assert.Equal(50, report.Created);
        Assert.Equal(0, report.Removed);
        Assert.Equal(TimeSpan.FromHours(1), report.Window);
        Assert.Equal(["http_requests_total", "up"], report.MetricsBySeries.Select(m => m.Name));
        Assert.Equal(50, report.MetricsBySeries[0].Created);
        var churned = Assert.Single(report.MetricsByChurn);
        Assert.Equal(("http_requests_total", 50L, 50L), (churned.Name, churned.Series, churned.Created));
        Assert.Equal("request_id", report.LabelsByValues[0].Name);
        Assert.Equal(50, report.LabelsByValues[0].Values);
        Assert.Equal(["job", "request_id"], report.LabelsByChurn.Select(l => l.Name));
        Assert.Equal(("job", "api", 55L, 50L), (report.PairsBySeries[0].Name, report.PairsBySeries[0].Value, report.PairsBySeries[0].Series, report.PairsBySeries[0].Created));
        Assert.Equal(3, report.PairsBySeries.Count);
        Assert.Equal(("job", "api", 50L), (report.PairsByChurn[0].Name, report.PairsByChurn[0].Value, report.PairsByChurn[0].Created));
    }

    [Fact]
    public void Cardinality_SeriesRemovedByTruncation_CountedAsRemoved()
    {
        using var sut = CreateSut();
        Add(sut, "batch_duration_seconds", "run", "1", t: 1_000);
        Add(sut, "batch_duration_seconds", "run", "2", t: 1_000);
        Add(sut, "up", "job", "api", t: 9_000);

        var removed = sut.Truncate(5_000);
        var report = sut.Cardinality(10, TimeSpan.FromHours(1));

        Assert.Equal(2, removed);
        Assert.Equal(1, report.Series);
        Assert.Equal(3, report.Created);
        Assert.Equal(2, report.Removed);
        var batch = report.MetricsByChurn.Single(m => m.Name == "batch_duration_seconds");
        Assert.Equal((0L, 2L, 2L), (batch.Series, batch.Created, batch.Removed));
        var run = report.LabelsByChurn.Single(l => l.Name == "run");
        Assert.Equal((0L, 2L, 2L), (run.Values, run.Created, run.Removed));
    }

    [Fact]
    public void Cardinality_LimitOutOfRange_Throws()
    {
        using var sut = CreateSut();

        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Cardinality(0, TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Cardinality(HeadBlock.MaxCardinalityLimit + 1, TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Cardinality(10, HeadBlock.MaxChurnWindow + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Stats_Head_PrometheusTablesWithMetricNameAsALabel()
    {
        using var sut = CreateSut();
        for (var i = 0; i < 3; i++)
        {
            Add(sut, "http_requests_total", "job", "api", "instance", "i" + i);
        }

        Add(sut, "up", "job", "api", "instance", "i0");
        Add(sut, "up", "job", "web", "instance", "é");

        var stats = sut.Stats(10);

        Assert.Equal(5, stats.Series);
        // __name__ ×2, job ×2, instance i0 i1 i2 é → 8 pairs.
        Assert.Equal(8, stats.LabelPairs);
        Assert.Equal(5, stats.Chunks);
        Assert.Equal((1L, 1L), (stats.MinTime, stats.MaxTime));
        Assert.Equal([("http_requests_total", 3L), ("up", 2L)], stats.SeriesByMetricName.Select(r => (r.Name, r.Value)));
        Assert.Equal([("instance", 4L), ("__name__", 2L), ("job", 2L)], stats.ValuesByLabelName.Select(r => (r.Name, r.Value)));
        // __name__: 19 bytes × 3 + 2 × 2; job: 3 × 4 + 3; instance: 2 × 4 + "é" (2 bytes in UTF-8).
        Assert.Equal([("__name__", 61L), ("job", 15L), ("instance", 10L)], stats.BytesByLabelName.Select(r => (r.Name, r.Value)));
        Assert.Equal(("job=api", 4L), (stats.SeriesByLabelPair[0].Name, stats.SeriesByLabelPair[0].Value));
        Assert.Equal(("__name__=http_requests_total", 3L), (stats.SeriesByLabelPair[1].Name, stats.SeriesByLabelPair[1].Value));
    }

    [Fact]
    public void Stats_ChunksCutAndTruncated_CountsWhatTheHeadHolds()
    {
        using var sut = new HeadBlock(new HeadOptions { MaxSamplesPerChunk = 2 }, _time);
        var old = sut.GetOrCreateSeries(LabelSet.FromStrings(["__name__", "batch_runs", "run", "1"]));
        var live = sut.GetOrCreateSeries(LabelSet.FromStrings(["__name__", "up", "job", "api"]));
        for (var t = 1; t <= 4; t++)
        {
            sut.Append(old, t * 1_000, 1);
        }

        for (var t = 1; t <= 5; t++)
        {
            sut.Append(live, t * 1_000, 1);
        }

        Assert.Equal(2 + 3, sut.Stats(10).Chunks);

        sut.Truncate(3_000);
        var stats = sut.Stats(10);

        // Chunks ending before the cut are gone: [1s,2s] of both series; the rest stays.
        Assert.Equal(1 + 2, stats.Chunks);
        Assert.Equal((3_000L, 5_000L), (stats.MinTime, stats.MaxTime));
    }

    [Fact]
    public void Stats_EmptyHead_NoRowsAndEmptyRange()
    {
        using var sut = CreateSut();

        var stats = sut.Stats(10);

        Assert.Equal((0L, 0L, 0L), (stats.Series, stats.LabelPairs, stats.Chunks));
        Assert.Equal((long.MaxValue, long.MinValue), (stats.MinTime, stats.MaxTime));
        Assert.Empty(stats.SeriesByMetricName);
        Assert.Empty(stats.BytesByLabelName);
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.Stats(0));
    }

    [Fact]
    public void DescribeMetric_LabelsByDistinctValues_WithNewValuesAndTopValues()
    {
        using var sut = CreateSut();
        for (var i = 0; i < 4; i++)
        {
            Add(sut, "http_requests_total", "job", "api", "status", i < 3 ? "200" : "500", "user", "u" + i);
        }

        _time.Advance(TimeSpan.FromHours(2));
        Add(sut, "http_requests_total", "job", "api", "status", "200", "user", "u9");
        Add(sut, "other", "job", "web");

        var metric = sut.DescribeMetric("http_requests_total", 1, TimeSpan.FromHours(1));

        Assert.NotNull(metric);
        Assert.Equal((5L, 1L, 0L), (metric.Series, metric.Created, metric.Removed));
        Assert.Equal(["user", "status", "job"], metric.Labels.Select(l => l.Name));
        Assert.Equal((5L, 5L, 1L), (metric.Labels[0].Values, metric.Labels[0].Series, metric.Labels[0].NewValues));
        var status = metric.Labels[1];
        Assert.Equal(2, status.Values);
        Assert.Equal(("200", 4L), (Assert.Single(status.TopValues).Value, status.TopValues[0].Series));
        Assert.Null(sut.DescribeMetric("absent", 10, TimeSpan.FromHours(1)));
    }

    private static void Add(HeadBlock head, string metric, params string[] labels) => Add(head, metric, labels, 1);

    private static void Add(HeadBlock head, string metric, string name, string value, long t) => Add(head, metric, [name, value], t);

    private static void Add(HeadBlock head, string metric, string[] labels, long t)
    {
        var id = head.GetOrCreateSeries(LabelSet.FromStrings(["__name__", metric, .. labels]));
        head.Append(id, t, 1);
    }

    private HeadBlock CreateSut() => new(time: _time);
}
