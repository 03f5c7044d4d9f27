using Microsoft.Extensions.Time.Testing;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Head;

public sealed class SeriesChurnTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));

    [Fact]
    public void Snapshot_CreatedAndRemoved_CountedPerMetricAndLabelName()
    {
        var sut = CreateSut();
        sut.RecordCreated(1, LabelSet.FromStrings("__name__", "http_requests_total", "job", "api", "path", "/a"));
        sut.RecordCreated(2, LabelSet.FromStrings("__name__", "http_requests_total", "job", "api", "path", "/b"));
        sut.RecordCreated(3, LabelSet.FromStrings("__name__", "up", "job", "api"));
        sut.RecordRemoved([(1, LabelSet.FromStrings("__name__", "http_requests_total", "job", "api", "path", "/a"))]);

        var churn = sut.Snapshot(TimeSpan.FromHours(1));

        Assert.Equal(3, churn.Created);
        Assert.Equal(1, churn.Removed);
        Assert.Equal(new ChurnCounts(2, 1), churn.ByMetric["http_requests_total"]);
        Assert.Equal(new ChurnCounts(1, 0), churn.ByMetric["up"]);
        Assert.Equal(new ChurnCounts(3, 1), churn.ByLabelName["job"]);
        Assert.Equal(new ChurnCounts(2, 1), churn.ByLabelName["path"]);
        Assert.False(churn.ByLabelName.ContainsKey("__name__"));
        Assert.Equal(1u, churn.FirstCreatedId);
    }

    [Fact]
    public void Snapshot_OlderThanWindow_Excluded()
    {
        var sut = CreateSut();
        sut.RecordCreated(1, LabelSet.FromStrings("__name__", "old"));
        _time.Advance(TimeSpan.FromMinutes(61));
        sut.RecordCreated(2, LabelSet.FromStrings("__name__", "new"));

        var hour = sut.Snapshot(TimeSpan.FromHours(1));
        var twoHours = sut.Snapshot(TimeSpan.FromHours(2));

        Assert.Equal(1, hour.Created);
        Assert.False(hour.ByMetric.ContainsKey("old"));
        Assert.Equal(2u, hour.FirstCreatedId);
        Assert.Equal(2, twoHours.Created);
        Assert.Equal(1u, twoHours.FirstCreatedId);
    }

    [Fact]
    public void Snapshot_AfterRingWrapsPastMaxWindow_ReusedBucketForgetsOldCounts()
    {
        var sut = CreateSut();
        sut.RecordCreated(1, LabelSet.FromStrings("__name__", "yesterday"));
        _time.Advance(SeriesChurn.MaxWindow);
        sut.RecordCreated(2, LabelSet.FromStrings("__name__", "today"));

        var churn = sut.Snapshot(SeriesChurn.MaxWindow);

        Assert.Equal(1, churn.Created);
        Assert.Equal(["today"], churn.ByMetric.Keys);
    }

    [Fact]
    public void Snapshot_NothingCreatedInWindow_NoFirstId()
    {
        var sut = CreateSut();
        sut.RecordCreated(1, LabelSet.FromStrings("__name__", "x"));
        _time.Advance(TimeSpan.FromHours(2));

        var churn = sut.Snapshot(TimeSpan.FromHours(1));

        Assert.Equal(0, churn.Created);
        Assert.Equal(uint.MaxValue, churn.FirstCreatedId);
    }

    [Fact]
    public void RecordCreated_Disabled_NotCounted()
    {
        var sut = CreateSut();
        sut.Enabled = false;
        sut.RecordCreated(1, LabelSet.FromStrings("__name__", "replayed"));
        sut.Enabled = true;
        sut.RecordCreated(2, LabelSet.FromStrings("__name__", "fresh"));

        var churn = sut.Snapshot(TimeSpan.FromHours(1));

        Assert.Equal(1, churn.Created);
        Assert.Equal(2u, churn.FirstCreatedId);
    }

    [Fact]
    public void RecordCreated_ClockStepsBack_StaysInNewestMinute()
    {
        var clock = new SteppingClock { Now = _time.GetUtcNow() };
        var sut = new SeriesChurn(clock);
        sut.RecordCreated(1, LabelSet.FromStrings("__name__", "a"));
        clock.Now -= TimeSpan.FromMinutes(30);
        sut.RecordCreated(2, LabelSet.FromStrings("__name__", "b"));

        var churn = sut.Snapshot(TimeSpan.FromMinutes(1));

        Assert.Equal(2, churn.Created);
        Assert.Equal(1u, churn.FirstCreatedId);
    }

    private SeriesChurn CreateSut() => new(_time);

    // FakeTimeProvider refuses to go back; a wall clock can (NTP steps).
    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
