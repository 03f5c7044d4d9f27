using Microsoft.Extensions.Time.Testing;
using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Pipeline.Sampling;
using Nines.Ingest.Tests.Pipeline.Sampling;

namespace Nines.Ingest.Tests.Pipeline;

public sealed class PipelineMetricsTests
{
    [Fact]
    public void RedactionMetrics_AfterRedactions_ReportsCountPerRule()
    {
        using var meters = new TestMeterFactory();
        var redactor = new Redactor(new RedactionOptions());
        _ = new RedactionMetrics(meters, redactor);
        redactor.TryRedact("a@x.io b@y.io", out _);

        var readings = MeterReadings.Read(meters);

        Assert.Equal(2, readings["nines.ingest.redactions{rule=email}"]);
        Assert.Equal(0, readings["nines.ingest.redactions{rule=card}"]);
    }

    [Fact]
    public void SamplingMetrics_AfterDecisions_ReportsEachDecision()
    {
        using var meters = new TestMeterFactory();
        var time = new FakeTimeProvider();
        var head = new HeadSampler(new HeadSamplingOptions { DefaultProbability = 0.5 });
        using var tail = new TailSampler(new TailSamplingOptions { Probability = 0 }, time, _ => { });
        var logs = new LogSampler(new LogSamplingOptions { Default = new LogSamplingRule { Ratio = 0 } }, time);
        _ = new SamplingMetrics(meters, [head], tail, [logs]);
        head.ShouldSample("s", TraceIds.WithRandomness(TraceIds.JustBelowHalf));
        tail.Add(new Nines.Events.SpanRecord(TraceIds.WithRandomness(TraceIds.Half), "a", null, "s", "op", 1, 0, 1, 0, null, null, null, null, null, null, null));
        logs.ShouldKeep("s", 9, default);

        var readings = MeterReadings.Read(meters);

        Assert.Equal(1, readings["nines.ingest.head_sampling.spans{decision=dropped}"]);
        Assert.Equal(1, readings["nines.ingest.tail_sampling.pending_traces"]);
        Assert.Equal(0, readings["nines.ingest.tail_sampling.traces{decision=dropped}"]);
        Assert.Equal(1, readings["nines.ingest.log_sampling.records{decision=dropped_ratio}"]);
    }
}
