using Microsoft.Extensions.Time.Testing;
using Nines.Metrics.Head;

namespace Nines.Query.Tests.Engine;

public sealed class LimitsTests : EngineTestBase
{
    private const string Series = """
        load 1m
        up{job="a", instance="0"} 1+0x100
        up{job="a", instance="1"} 1+0x100
        up{job="b", instance="0"} 0+0x100
        """;

    [Fact]
    public void Range_MoreSamplesThanMaxSamples_FailsWithPrometheusMessage()
    {
        // 3 series × 61 steps = 183 samples in memory; Prometheus' message and errorType execution.
        var (engine, source) = CreateSut(Series, new QueryEngineOptions { MaxSamples = 100 });

        var ex = Assert.Throws<QueryException>(() => engine.Range(source, "up", 0, 3_600_000, 60_000));

        Assert.Equal(QueryErrorType.Execution, ex.Type);
        Assert.Equal("query processing would load too many samples into memory in query execution", ex.Message);
    }

    [Fact]
    public void Range_WithinMaxSamples_Succeeds()
    {
        var (engine, source) = CreateSut(Series, new QueryEngineOptions { MaxSamples = 200 });

        var result = engine.Range(source, "up", 0, 3_600_000, 60_000);

        Assert.Equal(3, Assert.IsType<MatrixResult>(result.Value).Series.Count);
    }

    [Fact]
    public void Instant_CanceledToken_FailsAsCanceled()
    {
        var (engine, source) = CreateSut(Series);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var ex = Assert.Throws<QueryException>(() => engine.Instant(source, "sum(up)", 60_000, cts.Token));

        Assert.Equal(QueryErrorType.Canceled, ex.Type);
        Assert.Equal("query was canceled in expression evaluation", ex.Message);
    }

    [Fact]
    public void Instant_ClockPastTimeout_FailsAsTimeout()
    {
        var time = new FakeTimeProvider();
        var engine = new PromQlEngine(new QueryEngineOptions { Timeout = TimeSpan.FromSeconds(1) }, time);
        var source = new SlowSource(new HeadBlockSource(SeriesLoader.Load(Series)), () => time.Advance(TimeSpan.FromSeconds(2)));

        var ex = Assert.Throws<QueryException>(() => engine.Instant(source, "sum(up) + sum(up)", 60_000));

        Assert.Equal(QueryErrorType.Timeout, ex.Type);
        Assert.Equal("query timed out in expression evaluation", ex.Message);
    }

    [Fact]
    public void Range_CanceledWhileOneSeriesIsEvaluatedOverManySteps_FailsAsCanceled()
    {
        // One series, 6,001 steps: the range function must notice the cancellation between steps.
        using var cts = new CancellationTokenSource();
        var engine = new PromQlEngine();
        var source = new SlowSource(new HeadBlockSource(SeriesLoader.Load(Series)), cts.Cancel);

        var ex = Assert.Throws<QueryException>(() => engine.Range(source, "quantile_over_time(0.5, up{job=\"b\"}[5m])", 0, 6_000_000, 1000, cts.Token));

        Assert.Equal(QueryErrorType.Canceled, ex.Type);
    }

    [Fact]
    public void Range_MatrixExpression_FailsWithPrometheusMessage()
    {
        var (engine, source) = CreateSut(Series);

        var ex = Assert.Throws<QueryException>(() => engine.Range(source, "up[5m]", 0, 600_000, 60_000));

        Assert.Equal(QueryErrorType.BadData, ex.Type);
        Assert.Equal("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector", ex.Message);
    }

    [Fact]
    public void Range_TooManyPoints_FailsWithPrometheusMessage()
    {
        var (engine, source) = CreateSut(Series);

        var ex = Assert.Throws<QueryException>(() => engine.Range(source, "up", 0, 11_001_000, 1000));

        Assert.Equal("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)", ex.Message);
    }

    [Fact]
    public void Instant_RangeSelector_ReturnsRawSamplesInClosedWindow()
    {
        var (engine, source) = CreateSut(Series);

        // [60s, 180s] holds the samples at 60, 120 and 180 s: both ends are inside in Prometheus 2.x.
        var result = engine.Instant(source, "up{job=\"b\"}[2m]", 180_000);

        var series = Assert.Single(Assert.IsType<MatrixResult>(result.Value).Series);
        Assert.Equal([60_000L, 120_000L, 180_000L], series.Timestamps);
    }

    [Fact]
    public void Instant_StringLiteral_ReturnsString()
    {
        var (engine, source) = CreateSut(Series);

        var result = engine.Instant(source, "\"hello\"", 5_000);

        var s = Assert.IsType<StringResult>(result.Value);
        Assert.Equal("hello", s.Value);
        Assert.Equal(5_000, s.Timestamp);
    }

    private sealed class SlowSource(ISeriesSource inner, Action onSelect) : ISeriesSource
    {
        public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Nines.Metrics.Index.Matcher> matchers, long mint, long maxt)
        {
            onSelect();
            return inner.Select(matchers, mint, maxt);
        }
    }
}
