using Microsoft.Extensions.Time.Testing;
using Nines.Core.Limits;
using Nines.Ingest.Pipeline;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Pipeline;

public sealed class IngestLimiterTests
{
    private static (IngestLimiter Limiter, FakeTimeProvider Time) CreateSut(long rate, long burst)
    {
        var time = new FakeTimeProvider();
        var limits = TenantLimits.Defaults.With(new Dictionary<string, long> { [TenantLimits.SamplesPerSecond] = rate, [TenantLimits.SamplesBurst] = burst });
        return (TestLimiter.Create(limits, time), time);
    }

    [Fact]
    public void TryTakeRate_RequestLargerThanBurst_PassesOnceThenPaysTheDebt()
    {
        var (limiter, time) = CreateSut(rate: 10, burst: 100);

        Assert.Null(limiter.TryTakeRate("t", IngestSignal.Samples, 150));
        var refused = limiter.TryTakeRate("t", IngestSignal.Samples, 1);

        // 150 taken from 100 leaves a debt of 50; one more sample needs 51 tokens at 10/s.
        Assert.NotNull(refused);
        Assert.Equal(TenantLimits.SamplesPerSecond, refused.Limit);
        Assert.Equal(TimeSpan.FromSeconds(5.1), refused.RetryAfter);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(limiter.TryTakeRate("t", IngestSignal.Samples, 1));
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(limiter.TryTakeRate("t", IngestSignal.Samples, 1));
    }

    [Fact]
    public void TryTakeRate_TenantsAndSignals_HaveTheirOwnBuckets()
    {
        var (limiter, _) = CreateSut(rate: 1, burst: 1);

        Assert.Null(limiter.TryTakeRate("a", IngestSignal.Samples, 1));
        Assert.NotNull(limiter.TryTakeRate("a", IngestSignal.Samples, 1));

        Assert.Null(limiter.TryTakeRate("b", IngestSignal.Samples, 1));
        Assert.Null(limiter.TryTakeRate("a", IngestSignal.Spans, 1_000_000));
    }

    [Fact]
    public void TryTakeRate_ZeroRate_IsUnlimited()
    {
        var (limiter, _) = CreateSut(rate: 0, burst: 0);

        for (var i = 0; i < 100; i++)
        {
            Assert.Null(limiter.TryTakeRate("t", IngestSignal.Samples, 1_000_000));
        }
    }

    [Fact]
    public void CheckLabels_OverEachLimit_NamesIt()
    {
        var limits = TenantLimits.Defaults.With(new Dictionary<string, long>
        {
            [TenantLimits.MaxLabelNamesPerSeries] = 3,
            [TenantLimits.MaxLabelNameLength] = 8,
            [TenantLimits.MaxLabelValueLength] = 4,
        });

        Assert.Null(IngestLimiter.CheckLabels(LabelSet.FromStrings("__name__", "up", "job", "api"), limits, out _));
        Assert.Contains("over the limit max_label_names_per_series (3)", IngestLimiter.CheckLabels(LabelSet.FromStrings("__name__", "up", "a", "1", "b", "2", "c", "3"), limits, out var k1), StringComparison.Ordinal);
        Assert.Equal(TenantLimits.MaxLabelNamesPerSeries, k1);
        Assert.Contains("label name of 11 characters, over the limit max_label_name_length (8)", IngestLimiter.CheckLabels(LabelSet.FromStrings("__name__", "up", "environment", "eu"), limits, out var k2), StringComparison.Ordinal);
        Assert.Equal(TenantLimits.MaxLabelNameLength, k2);
        Assert.Contains("label job with a value of 5 characters", IngestLimiter.CheckLabels(LabelSet.FromStrings("__name__", "up", "job", "abcde"), limits, out var k3), StringComparison.Ordinal);
        Assert.Equal(TenantLimits.MaxLabelValueLength, k3);
    }
}
