using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Tests.Pipeline.Sampling;

public sealed class HeadSamplerTests
{
    private static HeadSampler CreateSut(double defaultProbability = 1.0, params (string Service, double P)[] services) =>
        new(new HeadSamplingOptions
        {
            DefaultProbability = defaultProbability,
            Services = services.ToDictionary(s => s.Service, s => s.P),
        });

    [Fact]
    public void ShouldSample_Defaults_KeepsEverything()
    {
        var sut = CreateSut();

        Assert.True(sut.ShouldSample("any", TraceIds.WithRandomness("00000000000000")));
        Assert.Equal(1, sut.Kept);
    }

    [Fact]
    public void ShouldSample_HalfForOneService_DecidesByTraceIdAndCounts()
    {
        var sut = CreateSut(1.0, ("checkout", 0.5));

        Assert.True(sut.ShouldSample("checkout", TraceIds.WithRandomness(TraceIds.Half)));
        Assert.False(sut.ShouldSample("checkout", TraceIds.WithRandomness(TraceIds.JustBelowHalf)));
        Assert.True(sut.ShouldSample("cart", TraceIds.WithRandomness(TraceIds.JustBelowHalf)));
        Assert.Equal(2, sut.Kept);
        Assert.Equal(1, sut.Dropped);
    }

    [Fact]
    public void ShouldSample_QuarterThreshold_IsThreeQuartersOf2To56()
    {
        var sut = CreateSut(0.25);

        Assert.False(sut.ShouldSample("s", TraceIds.WithRandomness("bfffffffffffff")));
        Assert.True(sut.ShouldSample("s", TraceIds.WithRandomness("c0000000000000")));
    }

    [Fact]
    public void ShouldSample_TwoReplicas_SameDecisionAndAboutTheRatio()
    {
        var a = CreateSut(0.3);
        var b = CreateSut(0.3);
        var random = new Random(7);
        var kept = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var id = Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(x => (byte)x).ToArray(), 16));
            var decision = a.ShouldSample("s", id);
            Assert.Equal(decision, b.ShouldSample("s", id));
            kept += decision ? 1 : 0;
        }

        Assert.InRange(kept, 2_800, 3_200);
    }

    [Fact]
    public void ShouldSample_KeptAtLowerProbability_KeptAtHigher()
    {
        var low = CreateSut(0.1);
        var high = CreateSut(0.6);
        var id = TraceIds.WithRandomness("f0000000000000");

        Assert.True(low.ShouldSample("s", id));
        Assert.True(high.ShouldSample("s", id));
    }

    [Fact]
    public void ShouldSample_MalformedTraceId_Kept()
    {
        Assert.True(CreateSut(0.0001).ShouldSample("s", "not-a-trace-id"));
    }

    [Fact]
    public void Constructor_ProbabilityAboveOne_ThrowsNamingService()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CreateSut(1.0, ("checkout", 1.5)));

        Assert.Contains("'checkout'", error.Message, StringComparison.Ordinal);
    }
}
