using Microsoft.Extensions.Time.Testing;
using Nines.Events;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Tests.Pipeline.Sampling;

public sealed class TailSamplerTests
{
    private const long Ms = 1_000_000;

    private readonly FakeTimeProvider _time = new();
    private readonly List<IReadOnlyList<SpanRecord>> _kept = [];

    private TailSampler CreateSut(TailSamplingOptions? options = null) =>
        new(options ?? new TailSamplingOptions { Probability = 0 }, _time, _kept.Add);

    private static SpanRecord Span(string traceId, string spanId, string? parent, long durationMs, int status = 0) =>
        new(traceId, spanId, parent, "svc", "op", 1, 1_000 * Ms, (1_000 + durationMs) * Ms, status, null, null, null, null, null, null, null);

    private static string Trace(int n) => TraceIds.WithRandomness("0000000000000" + n);

    [Fact]
    public void Add_TraceWithError_KeptWholeAfterDecisionWait()
    {
        using var sut = CreateSut();
        sut.Add(Span(Trace(1), "a", null, 100));
        sut.Add(Span(Trace(1), "b", "a", 50, status: TailSampler.ErrorStatus));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(_kept);
        _time.Advance(TimeSpan.FromSeconds(1));

        var trace = Assert.Single(_kept);
        Assert.Equal(["a", "b"], trace.Select(s => s.SpanId));
        Assert.Equal(1, sut.KeptError);
        Assert.Equal(0, sut.PendingTraces);
    }

    [Fact]
    public void Add_SlowRoot_KeptAsSlow()
    {
        using var sut = CreateSut();
        sut.Add(Span(Trace(1), "a", null, 2_500));

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Single(_kept);
        Assert.Equal(1, sut.KeptSlow);
    }

    [Fact]
    public void Add_FastRootWithLongAsyncChild_RootDecidesAndTraceDropped()
    {
        using var sut = CreateSut();
        sut.Add(Span(Trace(1), "a", null, 1_000));
        sut.Add(Span(Trace(1), "b", "a", 3_000));

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(_kept);
        Assert.Equal(1, sut.Dropped);
        Assert.Equal(2, sut.DroppedSpans);
    }

    [Fact]
    public void Add_NoRootArrived_LongestSpanDecides()
    {
        using var sut = CreateSut();
        sut.Add(Span(Trace(1), "b", "a", 100));
        sut.Add(Span(Trace(1), "c", "a", 2_000));

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, sut.KeptSlow);
    }

    [Fact]
    public void Add_FastSuccessfulTraces_KeptByTraceIdProbability()
    {
        using var sut = CreateSut(new TailSamplingOptions { Probability = 0.5 });
        sut.Add(Span(TraceIds.WithRandomness(TraceIds.Half), "a", null, 10));
        sut.Add(Span(TraceIds.WithRandomness(TraceIds.JustBelowHalf), "a", null, 10));

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TraceIds.WithRandomness(TraceIds.Half), Assert.Single(_kept)[0].TraceId);
        Assert.Equal(1, sut.KeptProbabilistic);
        Assert.Equal(1, sut.Dropped);
    }

    [Fact]
    public void Add_MoreTracesThanHeld_OldestDecidedEarly()
    {
        using var sut = CreateSut(new TailSamplingOptions { MaxTraces = 2, Probability = 1 });
        sut.Add(Span(Trace(1), "a", null, 10));
        sut.Add(Span(Trace(2), "a", null, 10));
        sut.Add(Span(Trace(3), "a", null, 10));

        Assert.Equal(Trace(1), Assert.Single(_kept)[0].TraceId);
        Assert.Equal(1, sut.DecidedEarly);
        Assert.Equal(2, sut.PendingTraces);
    }

    [Fact]
    public void Add_MoreSpansThanHeld_TraceDecidedEarlyWithAllItsSpans()
    {
        using var sut = CreateSut(new TailSamplingOptions { MaxSpans = 3, Probability = 1 });
        for (var i = 0; i < 4; i++)
        {
            sut.Add(Span(Trace(1), $"s{i}", i == 0 ? null : "s0", 10));
        }

        Assert.Equal(4, Assert.Single(_kept).Count);
        Assert.Equal(0, sut.PendingTraces);
    }

    [Fact]
    public void Add_SpanAfterDecision_FollowsTheDecision()
    {
        using var sut = CreateSut();
        sut.Add(Span(Trace(1), "a", null, 10, status: TailSampler.ErrorStatus));
        sut.Add(Span(Trace(2), "a", null, 10));
        _time.Advance(TimeSpan.FromSeconds(10));
        _kept.Clear();

        sut.Add(Span(Trace(1), "late", "a", 10));
        sut.Add(Span(Trace(2), "late", "a", 10));

        Assert.Equal("late", Assert.Single(Assert.Single(_kept)).SpanId);
        Assert.Equal(1, sut.LateSpansKept);
        Assert.Equal(2, sut.DroppedSpans);
        Assert.Equal(0, sut.PendingTraces);
    }

    [Fact]
    public void DecideAll_AtShutdown_DecidesEverythingHeld()
    {
        using var sut = CreateSut();
        sut.Add(Span(Trace(1), "a", null, 10, status: TailSampler.ErrorStatus));
        sut.Add(Span(Trace(2), "a", null, 10));

        sut.DecideAll();

        Assert.Single(_kept);
        Assert.Equal(1, sut.KeptError);
        Assert.Equal(1, sut.Dropped);
        Assert.Equal(0, sut.PendingTraces);
    }

    [Fact]
    public async Task Add_ManyThreadsWithEarlyDecisions_EverySpanKeptOrCountedDropped()
    {
        var emitted = 0;
        using var sut = new TailSampler(new TailSamplingOptions { MaxTraces = 50, MaxSpans = 120, Probability = 0.5 }, _time,
            trace => Interlocked.Add(ref emitted, trace.Count));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var t = 0; t < 1_000; t++)
            {
                var id = Convert.ToHexStringLower(random.GetItems<byte>(Enumerable.Range(0, 256).Select(x => (byte)x).ToArray(), 16));
                for (var s = 0; s < 3; s++)
                {
                    sut.Add(Span(id, $"s{s}", s == 0 ? null : "s0", 10));
                }

                if (t % 100 == 0 && worker == 0)
                {
                    _time.Advance(TimeSpan.FromSeconds(1));
                }
            }
        })));
        sut.DecideAll();

        Assert.Equal(12_000, emitted + sut.DroppedSpans);
        Assert.True(sut.DecidedEarly > 0);
        Assert.InRange(sut.KeptProbabilistic, 1, 3_999);
    }
}
