using System.Text;
using Nines.Ingest.Scrape;

namespace Nines.Ingest.Tests.Scrape;

public class ScrapeAppenderTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void Append_ExposedLabelsClashWithTargetLabels_KeepsThemAsExported()
    {
        var (appender, _) = CreateSut();
        var output = new List<ScrapeSample>();

        appender.Append("m{job=\"x\",instance=\"y\",exported_job=\"z\"} 1\n"u8, ExpositionFormat.PrometheusText, T0, output);

        Assert.Equal("m{exported_exported_job=\"x\",exported_instance=\"y\",exported_job=\"z\",instance=\"host:9100\",job=\"node\"}", ScrapeFormat.Series(output[0].Labels));
    }

    [Fact]
    public void Append_HonorLabels_KeepsExposedValues()
    {
        var (appender, _) = CreateSut(c => c.HonorLabels = true);
        var output = new List<ScrapeSample>();

        appender.Append("m{job=\"x\"} 1\n"u8, ExpositionFormat.PrometheusText, T0, output);

        Assert.Equal("m{instance=\"host:9100\",job=\"x\"}", ScrapeFormat.Series(output[0].Labels));
    }

    [Fact]
    public void Append_Timestamps_HonoredUnlessDisabled()
    {
        var (honoring, _) = CreateSut();
        var (ignoring, _) = CreateSut(c => c.HonorTimestamps = false);
        var a = new List<ScrapeSample>();
        var b = new List<ScrapeSample>();

        honoring.Append("m 1 1600000000000\n"u8, ExpositionFormat.PrometheusText, T0, a);
        ignoring.Append("m 1 1600000000000\n"u8, ExpositionFormat.PrometheusText, T0, b);

        Assert.Equal(1600000000000, a[0].Timestamp);
        Assert.Equal(T0, b[0].Timestamp);
    }

    [Fact]
    public void Append_SeriesDisappears_GetsStaleMarkerAtNextScrapeTime()
    {
        var (appender, _) = CreateSut();
        var first = new List<ScrapeSample>();
        var second = new List<ScrapeSample>();

        var r1 = appender.Append("a 1\nb 2\n"u8, ExpositionFormat.PrometheusText, T0, first);
        var r2 = appender.Append("a 3\n"u8, ExpositionFormat.PrometheusText, T0 + 15_000, second);

        Assert.Equal((2, 2, 2), (r1.Scraped, r1.PostRelabeling, r1.SeriesAdded));
        Assert.Equal((1, 1, 0), (r2.Scraped, r2.PostRelabeling, r2.SeriesAdded));
        Assert.Equal(2, second.Count);
        var stale = second.Single(s => s.Labels.MetricName == "b");
        Assert.Equal(T0 + 15_000, stale.Timestamp);
        Assert.True(ScrapeFormat.IsStale(stale.Value));
        Assert.Equal(3, second.Single(s => s.Labels.MetricName == "a").Value);
    }

    [Fact]
    public void Append_SeriesWithOwnTimestamp_IsNotMarkedStale()
    {
        var (appender, _) = CreateSut();
        var second = new List<ScrapeSample>();

        appender.Append("a 1 1600000000000\n"u8, ExpositionFormat.PrometheusText, T0, []);
        appender.Append(""u8, ExpositionFormat.PrometheusText, T0 + 15_000, second);

        Assert.Empty(second);
    }

    [Fact]
    public void Append_MalformedBody_StoresNothingFromItAndMarksLastSeriesStale()
    {
        var (appender, _) = CreateSut();
        var output = new List<ScrapeSample>();
        appender.Append("a 1\nb 2\n"u8, ExpositionFormat.PrometheusText, T0, []);

        var report = appender.Append("a 1\nb{ 2\n"u8, ExpositionFormat.PrometheusText, T0 + 15_000, output);

        Assert.StartsWith("line 2, column 4: expected a label name", report.Error, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], output.Select(s => s.Labels.MetricName).Order());
        Assert.All(output, s => Assert.True(ScrapeFormat.IsStale(s.Value)));
    }

    [Fact]
    public void Append_OverSampleLimit_FailsTheScrape()
    {
        var (appender, _) = CreateSut(c => c.SampleLimit = 2);
        var output = new List<ScrapeSample>();

        var report = appender.Append("a 1\nb 2\nc 3\n"u8, ExpositionFormat.PrometheusText, T0, output);

        Assert.Contains("sample_limit exceeded", report.Error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void Append_MetricRelabelDrop_CountsOnlyKeptSamples()
    {
        var (appender, _) = CreateSut(c => c.MetricRelabelConfigs.Add(new RelabelConfig { SourceLabels = { "__name__" }, Regex = "go_.*", Action = RelabelAction.Drop }));
        var output = new List<ScrapeSample>();

        var report = appender.Append("go_goroutines 7\ngo_threads 3\nhttp_requests_total 9\n"u8, ExpositionFormat.PrometheusText, T0, output);

        Assert.Equal((3, 1), (report.Scraped, report.PostRelabeling));
        Assert.Equal("http_requests_total", Assert.Single(output).Labels.MetricName);
    }

    [Fact]
    public void Append_SameBodyTwice_ReusesCachedLabelSets()
    {
        var (appender, _) = CreateSut();
        var first = new List<ScrapeSample>();
        var second = new List<ScrapeSample>();

        appender.Append("a{x=\"1\"} 1\n"u8, ExpositionFormat.PrometheusText, T0, first);
        appender.Append("a{x=\"1\"} 2\n"u8, ExpositionFormat.PrometheusText, T0 + 1, second);

        Assert.Same(first[0].Labels, second[0].Labels);
    }

    [Fact]
    public void AppendReport_Failure_ReportsUpZeroWithTargetLabels()
    {
        var (appender, _) = CreateSut();
        var output = new List<ScrapeSample>();

        appender.AppendReport(new ScrapeReport(3, 2, 1, "boom"), TimeSpan.FromMilliseconds(250), T0, output);

        Assert.Equal(
            [
                "up{instance=\"host:9100\",job=\"node\"}=0",
                "scrape_duration_seconds{instance=\"host:9100\",job=\"node\"}=0.25",
                "scrape_samples_scraped{instance=\"host:9100\",job=\"node\"}=3",
                "scrape_samples_post_metric_relabeling{instance=\"host:9100\",job=\"node\"}=2",
                "scrape_series_added{instance=\"host:9100\",job=\"node\"}=1",
            ],
            output.Select(s => FormattableString.Invariant($"{ScrapeFormat.Series(s.Labels)}={s.Value}")));
    }

    [Fact]
    public void Append_OpenMetricsBody_ParsedByContentType()
    {
        var (appender, _) = CreateSut();
        var output = new List<ScrapeSample>();

        var report = appender.Append(Encoding.UTF8.GetBytes("# TYPE c counter\nc_total 5 1700000000.5\n# EOF\n"), ExpositionFormat.OpenMetrics, T0, output);

        Assert.Null(report.Error);
        Assert.Equal(1700000000500, Assert.Single(output).Timestamp);
    }

    private static (ScrapeAppender Appender, ScrapeTarget Target) CreateSut(Action<ScrapeConfig>? configure = null)
    {
        var config = new ScrapeConfig { JobName = "node" };
        configure?.Invoke(config);
        var target = ScrapeTarget.Create(config, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), [], "host:9100", [])!;
        return (new ScrapeAppender(target, config, RelabelRule.CreateAll(config.MetricRelabelConfigs)), target);
    }
}
