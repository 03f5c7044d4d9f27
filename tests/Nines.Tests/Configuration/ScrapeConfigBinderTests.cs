using System.Collections;
using Nines.Configuration;
using Nines.Ingest.Scrape;

namespace Nines.Tests.Configuration;

public sealed class ScrapeConfigBinderTests
{
    [Fact]
    public void Bind_PrometheusYamlShape_BindsEveryKey()
    {
        var result = Bind("""
            global:
              scrape_interval: 15s
              scrape_timeout: 5s
              evaluation_interval: 30s
              external_labels:
                cluster: eu-1
            scrape_configs:
              - job_name: node
                scrape_interval: 30s
                metrics_path: /probe
                scheme: https
                params:
                  module: [http_2xx]
                honor_labels: true
                honor_timestamps: false
                follow_redirects: false
                sample_limit: 5000
                body_size_limit: 10MB
                basic_auth:
                  username: scraper
                  password: s3cret
                tls_config:
                  insecure_skip_verify: true
                  ca_file: /etc/nines/ca.pem
                  server_name: node.internal
                static_configs:
                  - targets: ['10.0.0.1:9100', 'db:9100']
                    labels:
                      env: prod
                file_sd_configs:
                  - files: ['/etc/nines/targets/*.json']
                    refresh_interval: 1m
                relabel_configs:
                  - source_labels: [__address__]
                    regex: '([^:]+):\d+'
                    target_label: host
                metric_relabel_configs:
                  - source_labels: [__name__]
                    regex: go_.*
                    action: drop
                tenant: team-a
              - job_name: api
                bearer_token: abc
                static_configs:
                  - targets: [localhost:8080]
            """);

        Assert.Empty(result.Errors);
        var options = result.Options!;
        Assert.Equal(TimeSpan.FromSeconds(15), options.Global.ScrapeInterval);
        var node = options.ScrapeConfigs[0];
        Assert.Equal(("node", TimeSpan.FromSeconds(30), "/probe", "https"), (node.JobName, node.ScrapeInterval, node.MetricsPath, node.Scheme));
        Assert.Equal(["http_2xx"], node.Params["module"]);
        Assert.True(node.HonorLabels);
        Assert.False(node.FollowRedirects);
        Assert.Equal("eu-1", options.Global.ExternalLabels["cluster"]);
        Assert.False(node.HonorTimestamps);
        Assert.Equal((5000, 10L * 1024 * 1024), (node.SampleLimit, node.BodySizeLimit));
        Assert.Equal(("scraper", "s3cret"), (node.BasicAuth!.Username, node.BasicAuth.Password));
        Assert.Equal((true, "/etc/nines/ca.pem", "node.internal"), (node.TlsConfig.InsecureSkipVerify, node.TlsConfig.CaFile, node.TlsConfig.ServerName));
        Assert.Equal(["10.0.0.1:9100", "db:9100"], node.StaticConfigs[0].Targets);
        Assert.Equal("prod", node.StaticConfigs[0].Labels["env"]);
        Assert.Equal(TimeSpan.FromMinutes(1), node.FileSdConfigs[0].RefreshInterval);
        Assert.Equal(("host", @"([^:]+):\d+", RelabelAction.Replace), (node.RelabelConfigs[0].TargetLabel, node.RelabelConfigs[0].Regex, node.RelabelConfigs[0].Action));
        Assert.Equal(RelabelAction.Drop, node.MetricRelabelConfigs[0].Action);
        Assert.Equal("team-a", node.Tenant);
        Assert.Equal(TimeSpan.FromSeconds(5), node.EffectiveTimeout(options.Global.ScrapeInterval, options.Global.EffectiveScrapeTimeout));
        var api = options.ScrapeConfigs[1];
        Assert.Equal(("Bearer", "abc"), (api.Authorization!.Type, api.Authorization.Credentials));
        Assert.Equal("default", api.Tenant);
        Assert.Equal(TimeSpan.FromSeconds(15), api.EffectiveInterval(options.Global.ScrapeInterval));
    }

    [Fact]
    public void Bind_UnsetTimeoutLongerThanJobInterval_IsCappedAtTheInterval()
    {
        var options = Bind("scrape_configs:\n  - job_name: fast\n    scrape_interval: 5s\n").Options!;

        Assert.Equal(TimeSpan.FromSeconds(5), options.ScrapeConfigs[0].EffectiveTimeout(options.Global.ScrapeInterval, options.Global.EffectiveScrapeTimeout));
    }

    [Fact]
    public void Bind_TimeoutLongerThanInterval_PointsAtTheTimeout()
    {
        var error = Assert.Single(Bind("""
            scrape_configs:
              - job_name: slow
                scrape_interval: 10s
                scrape_timeout: 20s
            """).Errors);

        Assert.Equal("nines.yaml:4:5: scrape_configs[0].scrape_timeout: the scrape timeout (20s) of job 'slow' is longer than its scrape interval (10s)", error.ToString());
    }

    [Fact]
    public void Bind_DuplicateJobName_PointsAtTheSecond()
    {
        var error = Assert.Single(Bind("""
            scrape_configs:
              - job_name: a
              - job_name: a
            """).Errors);

        Assert.Equal((3, 15), (error.Line, error.Column));
        Assert.Contains("duplicate job_name 'a' (first used on line 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_MisspeltKey_SuggestsTheRightOne()
    {
        var error = Assert.Single(Bind("scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n").Errors);

        Assert.Equal((3, 5), (error.Line, error.Column));
        Assert.Contains("unknown key 'scrape_intervall' in scrape_configs[0]; did you mean 'scrape_interval'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnsupportedPrometheusKey_SaysSo()
    {
        var error = Assert.Single(Bind("scrape_configs:\n  - job_name: k8s\n    kubernetes_sd_configs:\n      - role: pod\n").Errors);

        Assert.Contains("'kubernetes_sd_configs' is a Prometheus setting that Nines does not support yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadRegexAndUnknownAction_ArePointedAt()
    {
        var errors = Bind("""
            scrape_configs:
              - job_name: a
                relabel_configs:
                  - source_labels: [x]
                    regex: '(unclosed'
                    target_label: y
                  - action: keepp
            """).Errors;

        Assert.Collection(
            errors,
            e => Assert.Equal((5, 9, "scrape_configs[0].relabel_configs[0].regex"), (e.Line, e.Column, e.Key)),
            e =>
            {
                Assert.Equal((7, 17), (e.Line, e.Column));
                Assert.Contains("unknown relabel action 'keepp'; did you mean 'keep'?", e.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Bind_HashModWithoutModulus_IsRefused()
    {
        var error = Assert.Single(Bind("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], target_label: s, action: hashmod}\n").Errors);

        Assert.Contains("hashmod action needs a modulus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_GlobalTimeoutLongerThanInterval_IsRefused()
    {
        var error = Assert.Single(Bind("global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n").Errors);

        Assert.Equal("nines.yaml:3:3: global.scrape_timeout: the global scrape timeout (6s) is longer than the global scrape interval (5s)", error.ToString());
    }

    [Fact]
    public void Bind_ShortGlobalIntervalWithoutTimeout_CapsTheTimeoutForEveryJob()
    {
        var options = Bind("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n").Options!;

        Assert.Equal(TimeSpan.FromSeconds(1), options.Global.EffectiveScrapeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ScrapeConfigs[0].EffectiveTimeout(options.Global.ScrapeInterval, options.Global.EffectiveScrapeTimeout));
    }

    [Fact]
    public void Bind_CertFileWithoutKeyFile_IsRefused()
    {
        var error = Assert.Single(Bind("scrape_configs:\n  - job_name: a\n    tls_config:\n      cert_file: /c.pem\n").Errors);

        Assert.Equal((4, 7), (error.Line, error.Column));
        Assert.Contains("cert_file and key_file go together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TargetWithScheme_IsRefused()
    {
        var error = Assert.Single(Bind("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://x:1/metrics']\n").Errors);

        Assert.Contains("is not a target address", error.Message, StringComparison.Ordinal);
    }

    private static ConfigResult Bind(string yaml) => NinesConfiguration.Bind(yaml, "nines.yaml", new Hashtable());
}
