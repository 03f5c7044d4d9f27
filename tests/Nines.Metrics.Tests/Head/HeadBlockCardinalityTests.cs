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
