using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Scrape;

public sealed class ScrapeAppenderExemplarTests
{
    private const long T0 = 1_700_000_000_000;

    private static ScrapeAppender CreateSut()
    {
        var config = new ScrapeConfig { JobName = "app" };
        var target = ScrapeTarget.Create(config, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), [], "host:8080", [])!;
        return new ScrapeAppender(target, config, RelabelRule.CreateAll(config.MetricRelabelConfigs));
    }

    [Fact]
    public void Append_OpenMetricsExemplars_AttachedWithTheirOwnOrTheSampleTime()
    {
        var body = """
            # TYPE rpc_seconds histogram
            rpc_seconds_bucket{le="0.5"} 3 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 0.31 1700000001.5
            rpc_seconds_bucket{le="+Inf"} 4 # {trace_id="0af7651916cd43dd8448eb211c80319c"} 2.5
            rpc_seconds_count 4
            rpc_seconds_sum 3.2
            # EOF

            """u8;
        var output = new List<ScrapeSample>();

        CreateSut().Append(body, ExpositionFormat.OpenMetrics, T0, output);

        var withExemplars = output.Where(s => s.Exemplar is not null).ToList();
        Assert.Equal(2, withExemplars.Count);
        var first = withExemplars[0].Exemplar!.Value;
        Assert.Equal("0.5", withExemplars[0].Labels.Get("le"));
        Assert.Equal(LabelSet.FromStrings("span_id", "00f067aa0ba902b7", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), first.Labels);
        Assert.Equal((0.31, 1_700_000_001_500L), (first.Value, first.Timestamp));
        Assert.Equal((2.5, T0), (withExemplars[1].Exemplar!.Value.Value, withExemplars[1].Exemplar!.Value.Timestamp));
        Assert.Null(output.Single(s => s.Labels.MetricName == "rpc_seconds_count").Exemplar);
    }
}
