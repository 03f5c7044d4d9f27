using Microsoft.Extensions.Time.Testing;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Tests.Pipeline.Sampling;

public sealed class LogSamplerTests
{
    private const int Info = 9;
    private const int Warn = 13;

    private readonly FakeTimeProvider _time = new();

    private LogSampler CreateSut(LogSamplingRule rule, params (string Service, LogSamplingRule Rule)[] services) =>
        new(new LogSamplingOptions { Default = rule, Services = services.ToDictionary(s => s.Service, s => s.Rule) }, _time);

    [Fact]
    public void ShouldKeep_WarnWithRatioZero_KeptInfoDropped()
    {
        var sut = CreateSut(new LogSamplingRule { Ratio = 0 });

        Assert.True(sut.ShouldKeep("api", Warn, default));
        Assert.True(sut.ShouldKeep("api", 17, default));
        Assert.False(sut.ShouldKeep("api", Info, default));
        Assert.False(sut.ShouldKeep("api", 0, default));
        Assert.Equal(2, sut.Kept);
        Assert.Equal(2, sut.DroppedRatio);
    }

    [Fact]
    public void ShouldKeep_QuarterRatio_ExactlyOneInFour()
    {
        var sut = CreateSut(new LogSamplingRule { Ratio = 0.25 });

        var kept = 0;
        for (var i = 0; i < 100; i++)
        {
            kept += sut.ShouldKeep("api", Info, default) ? 1 : 0;
        }

        Assert.Equal(25, kept);
        Assert.Equal(75, sut.DroppedRatio);
    }

    [Fact]
    public void ShouldKeep_CapPerSecond_ExcessDroppedUntilNextSecond()
    {
        var sut = CreateSut(new LogSamplingRule { MaxPerSecond = 3 });

        var kept = 0;
        for (var i = 0; i < 5; i++)
        {
            kept += sut.ShouldKeep("api", Info, default) ? 1 : 0;
        }

        Assert.Equal(3, kept);
        Assert.Equal(2, sut.DroppedRate);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sut.ShouldKeep("api", Info, default));
    }

    [Fact]
    public void ShouldKeep_CapIsPerService()
    {
        var sut = CreateSut(new LogSamplingRule { MaxPerSecond = 1 });

        Assert.True(sut.ShouldKeep("api", Info, default));
        Assert.True(sut.ShouldKeep("web", Info, default));
        Assert.False(sut.ShouldKeep("api", Info, default));
    }

    [Fact]
    public void ShouldKeep_WithTraceId_FollowsTraceDecision()
    {
        var sut = CreateSut(new LogSamplingRule { Ratio = 0.5 });

        Assert.True(sut.ShouldKeep("api", Info, TraceIds.WithRandomness(TraceIds.Half)));
        Assert.False(sut.ShouldKeep("api", Info, TraceIds.WithRandomness(TraceIds.JustBelowHalf)));
    }

    [Fact]
    public void ShouldKeep_ServiceOverride_OnlyThatServiceSampled()
    {
        var sut = CreateSut(new LogSamplingRule(), ("noisy", new LogSamplingRule { Ratio = 0 }));

        Assert.False(sut.ShouldKeep("noisy", Info, default));
        Assert.True(sut.ShouldKeep("quiet", Info, default));
    }
}
