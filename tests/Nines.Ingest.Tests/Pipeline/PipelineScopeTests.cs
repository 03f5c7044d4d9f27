using Microsoft.Extensions.Time.Testing;
using Nines.Events;
using Nines.Ingest.Pipeline;
using Nines.Ingest.Pipeline.Sampling;
using Nines.Ingest.Tests.Pipeline.Sampling;

namespace Nines.Ingest.Tests.Pipeline;

public sealed class PipelineScopeTests
{
    private readonly FakeTimeProvider _time = new();

    private (IngestPipeline Pipeline, PipelineScope Scope) CreateSut(IngestPipelineOptions options)
    {
        var pipeline = new IngestPipeline(options, _time);
        return (pipeline, new PipelineScope(pipeline));
    }

    private static SpanEntry Span(string service, byte[] traceId, byte[] spanId, int status = 0) => new()
    {
        TraceId = traceId,
        SpanId = spanId,
        Service = service,
        Name = "op",
        StartUnixNano = 1,
        EndUnixNano = 2,
        StatusCode = status,
        AttributesJson = """{"a":1}"""u8,
    };

    private static byte[] TraceId(string last14Hex) => Convert.FromHexString(TraceIds.WithRandomness(last14Hex));

    [Fact]
    public void AddSpan_HeadSamplingPerService_DropsBelowThresholdAndCountsPerTenant()
    {
        var (pipeline, scope) = CreateSut(new IngestPipelineOptions { HeadSampling = new HeadSamplingOptions { DefaultProbability = 0.5, Services = { ["all"] = 1.0 } } });
        using var batch = new EventBatch();

        scope.AddSpan(batch, Span("api", TraceId(TraceIds.JustBelowHalf), [0, 0, 0, 0, 0, 0, 0, 1]));
        scope.AddSpan(batch, Span("api", TraceId(TraceIds.Half), [0, 0, 0, 0, 0, 0, 0, 2]));
        scope.AddSpan(batch, Span("all", TraceId(TraceIds.JustBelowHalf), [0, 0, 0, 0, 0, 0, 0, 3]));
        scope.Complete("team-a");

        Assert.Equal(2, batch.SpanCount);
        var drop = Assert.Single(pipeline.Dropped());
        Assert.Equal(new PipelineDrop("team-a", "spans", "head_sampling", 1), drop);
    }

    [Fact]
    public void AddSpan_TailSampling_HeldThenKeptTraceRoundTripsToBatch()
    {
        var (pipeline, scope) = CreateSut(new IngestPipelineOptions { TailSamplingEnabled = true, TailSampling = new TailSamplingOptions { Probability = 0 } });
        var kept = new List<(string Tenant, IReadOnlyList<SpanRecord> Spans)>();
        pipeline.SetKeptHandler((tenant, spans) => kept.Add((tenant, spans)));
        using var batch = new EventBatch();
        var failed = TraceId(TraceIds.Half);

        scope.AddSpan(batch, Span("api", failed, [0, 0, 0, 0, 0, 0, 0, 1], status: 2));
        scope.AddSpan(batch, Span("api", TraceId(TraceIds.JustBelowHalf), [0, 0, 0, 0, 0, 0, 0, 2]));
        scope.Complete("team-a");
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(0, batch.SpanCount);
        var (tenant, spans) = Assert.Single(kept);
        Assert.Equal("team-a", tenant);
        var span = Assert.Single(spans);
        Assert.Equal((Convert.ToHexStringLower(failed), "0000000000000001", """{"a":1}"""), (span.TraceId, span.SpanId, span.Attributes));
        PipelineScope.AddRecord(batch, span);
        Assert.Equal(1, batch.SpanCount);
        Assert.Equal(new PipelineDrop("team-a", "spans", "tail_sampling", 1), Assert.Single(pipeline.Dropped()));
        Assert.Equal(1, pipeline.Tail("team-a")!.KeptError);
    }

    [Fact]
    public void AddLog_RatioZero_InfoDroppedWarnKeptAndCounted()
    {
        var (pipeline, scope) = CreateSut(new IngestPipelineOptions { LogSampling = new LogSamplingOptions { Default = new LogSamplingRule { Ratio = 0 } } });
        using var batch = new EventBatch();

        scope.AddLog(batch, new LogEntry { Service = "api", SeverityNumber = 9, Body = "info" });
        scope.AddLog(batch, new LogEntry { Service = "api", SeverityNumber = 13, Body = "warn" });
        scope.Complete("team-a");

        Assert.Equal(1, batch.LogCount);
        Assert.Equal(new PipelineDrop("team-a", "logs", "log_sampling_ratio", 1), Assert.Single(pipeline.Dropped()));
    }

    [Fact]
    public void Reset_AfterDrops_NothingCountedTwice()
    {
        var (pipeline, scope) = CreateSut(new IngestPipelineOptions { LogSampling = new LogSamplingOptions { Default = new LogSamplingRule { Ratio = 0 } } });
        using var batch = new EventBatch();
        scope.AddLog(batch, new LogEntry { Service = "api", SeverityNumber = 9 });
        scope.Complete("t");
        scope.Reset();

        scope.Complete("t");

        Assert.Equal(1, Assert.Single(pipeline.Dropped()).Count);
    }
}
