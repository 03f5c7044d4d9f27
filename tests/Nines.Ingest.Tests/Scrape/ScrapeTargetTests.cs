using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Scrape;

public class ScrapeTargetTests
{
    [Fact]
    public void Create_Defaults_JobInstanceAndUrl()
    {
        var target = Create(new ScrapeConfig { JobName = "node" }, "10.0.0.1:9100", ("env", "prod"), ("__meta_x", "y"));

        Assert.Equal("up{env=\"prod\",instance=\"10.0.0.1:9100\",job=\"node\"}", ScrapeFormat.Series(WithName(target!.Labels)));
        Assert.Equal("http://10.0.0.1:9100/metrics", target.Url.ToString());
    }

    [Fact]
    public void Create_AddressWithoutPort_GetsTheSchemesDefaultPort()
    {
        var target = Create(new ScrapeConfig { JobName = "web", Scheme = "https" }, "example.com");

        Assert.Equal("https://example.com/metrics", target!.Url.ToString());
        Assert.Equal("example.com:443", target.Labels.Get("instance"));
    }

    [Fact]
    public void Create_ParamsAndRelabeledParam_BuildTheQuery()
    {
        var config = new ScrapeConfig { JobName = "blackbox", MetricsPath = "/probe" };
        config.Params["module"] = ["http_2xx"];
        config.RelabelConfigs.Add(new RelabelConfig { SourceLabels = { "__address__" }, TargetLabel = "__param_target" });
        config.RelabelConfigs.Add(new RelabelConfig { SourceLabels = { "__param_target" }, TargetLabel = "instance" });
        config.RelabelConfigs.Add(new RelabelConfig { TargetLabel = "__address__", Replacement = "127.0.0.1:9115" });

        var target = Create(config, "https://example.com");

        Assert.Equal("http://127.0.0.1:9115/probe?module=http_2xx&target=https%3A%2F%2Fexample.com", target!.Url.ToString());
        Assert.Equal("https://example.com", target.Labels.Get("instance"));
    }

    [Fact]
    public void Create_KeepRuleNotMatching_DropsTheTarget()
    {
        var config = new ScrapeConfig { JobName = "a" };
        config.RelabelConfigs.Add(new RelabelConfig { SourceLabels = { "env" }, Regex = "prod", Action = RelabelAction.Keep });

        Assert.Null(Create(config, "h:1", ("env", "dev")));
    }

    [Fact]
    public void Offset_IsStableAndWithinTheInterval()
    {
        var a = Create(new ScrapeConfig { JobName = "a" }, "h:1")!;
        var b = Create(new ScrapeConfig { JobName = "a" }, "h:2")!;
        var interval = TimeSpan.FromSeconds(15);

        Assert.Equal(a.Offset(interval), Create(new ScrapeConfig { JobName = "a" }, "h:1")!.Offset(interval));
        Assert.InRange(a.Offset(interval), TimeSpan.Zero, interval - TimeSpan.FromTicks(1));
        Assert.NotEqual(a.Offset(interval), b.Offset(interval));
    }

    private static LabelSet WithName(LabelSet labels)
    {
        var b = new LabelSetBuilder().Add("__name__", "up");
        foreach (var l in labels)
        {
            b.Add(l.Name, l.Value);
        }

        return b.Build();
    }

    private static ScrapeTarget? Create(ScrapeConfig config, string address, params (string, string)[] labels) =>
        ScrapeTarget.Create(config, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), RelabelRule.CreateAll(config.RelabelConfigs), address,
            [.. labels.Select(l => new Label(l.Item1, l.Item2))]);
}
