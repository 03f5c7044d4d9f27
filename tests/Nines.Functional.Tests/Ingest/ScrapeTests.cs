using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Nines.Configuration;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Testing;

namespace Nines.Functional.Tests.Ingest;

/// <summary>
/// Nines scrapes real HTTP targets (a local Kestrel serving fixed expositions) with scrape_configs
/// written as for Prometheus; and Debian's real Prometheus scrapes the same targets with the same
/// YAML, so that the stored series and values can be compared one for one.
/// </summary>
public sealed class ScrapeTests : IAsyncLifetime
{
    private const string TextBody = """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter
        http_requests_total{method="get",code="200"} 1027
        http_requests_total{method="post",code="500",job="exposed-job"} 3
        # TYPE temperature gauge
        temperature{room="a\"b\\c\nd"} -3.5
        weird_value{kind="nan"} NaN
        weird_value{kind="inf"} +Inf
        weird_value{kind="neg_inf"} -Inf
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5"} 0.01
        rpc_duration_seconds{quantile="0.99"} 0.2
        rpc_duration_seconds_sum 17.5
        rpc_duration_seconds_count 1000
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 5
        latency_seconds_bucket{le="+Inf"} 9
        latency_seconds_sum 1.5
        latency_seconds_count 9
        go_goroutines 42
        untyped_metric{instance="exposed-instance",exported_instance="x"} 7

        """;

    private const string OpenMetricsBody = """
        # TYPE build info
        build_info{version="1.2.3"} 1
        # TYPE requests counter
        requests_total{path="/a"} 17.0 # {trace_id="abc"} 1.0
        requests_created{path="/a"} 1.7e9
        # TYPE mem_bytes gauge
        # UNIT mem_bytes bytes
        mem_bytes 1.5e9
        # TYPE states stateset
        states{states="a"} 1
        states{states="b"} 0
        # EOF

        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nines-scrape-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? _target;
    private Process? _prometheus;
    private int _targetPort;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _target = builder.Build();
        _target.MapGet("/text", (HttpContext c) =>
        {
            c.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return c.Response.WriteAsync(TextBody);
        });
        _target.MapGet("/om", (HttpContext c) =>
        {
            c.Response.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            return c.Response.WriteAsync(OpenMetricsBody);
        });
        await _target.StartAsync();
        _targetPort = new Uri(_target.Urls.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Serve_StaticTarget_StoresSamplesAndUpInTheJobsTenant()
    {
        var yaml = $$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: static
                metrics_path: /text
                tenant: team-scrape
                static_configs:
                  - targets: ['127.0.0.1:{{_targetPort}}']
                    labels: {env: test}
            """;
        await using var nines = await StartNinesAsync(yaml);
        var storage = await WaitForTenantAsync(nines, "team-scrape", "http_requests_total", 2);

        // A scrape may time out on a loaded machine; at least one of them succeeded.
        Assert.Contains(1.0, Values(storage.Head, "up"));
        Assert.Equal(1027.0, Last(storage.Head, "http_requests_total", ("method", "get")));
        var up = Assert.Single(storage.Head.Select([Matcher.Create(MatcherType.Equal, "__name__", "up")], long.MinValue, long.MaxValue));
        Assert.Equal(("static", $"127.0.0.1:{_targetPort}", "test"), (up.Labels.Get("job"), up.Labels.Get("instance"), up.Labels.Get("env")));
        Assert.Contains(16.0, Values(storage.Head, "scrape_samples_scraped"));
    }

    [Fact]
    public async Task Serve_FileSdTargetRemoved_SeriesGetStaleMarkers()
    {
        var targets = Path.Combine(_dir, "targets.json");
        await File.WriteAllTextAsync(targets, "[{\"targets\": [\"127.0.0.1:" + _targetPort.ToString(CultureInfo.InvariantCulture) + "\"], \"labels\": {\"team\": \"a\"}}]");
        var yaml = $$"""
            scrape_configs:
              - job_name: filesd
                scrape_interval: 1s
                metrics_path: /om
                file_sd_configs:
                  - files: ['{{_dir}}/*.json']
                    refresh_interval: 1s
            """;
        await using var nines = await StartNinesAsync(yaml);
        var storage = await WaitForTenantAsync(nines, "default", "build_info", 1);
        Assert.Equal("a", Assert.Single(storage.Head.Select([Matcher.Create(MatcherType.Equal, "__name__", "build_info")], long.MinValue, long.MaxValue)).Labels.Get("team"));

        await File.WriteAllTextAsync(targets, "[]");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20) && !IsStale(Last(storage.Head, "build_info")))
        {
            await Task.Delay(100);
        }

        Assert.True(IsStale(Last(storage.Head, "build_info")), "no staleness marker after the target left the file");
        Assert.True(IsStale(Last(storage.Head, "up")));
    }

    [Fact]
    public async Task RealPrometheus_ScrapesTheSameTargets_StoresTheSameSeriesAndValues()
    {
        Assert.True(File.Exists("/usr/bin/prometheus"), "Debian's prometheus is not installed: run scripts/test, which installs it");
        var scrapeConfigs = $$"""
            global:
              scrape_interval: 2s
            scrape_configs:
              - job_name: diff-text
                metrics_path: /text
                static_configs:
                  - targets: ['127.0.0.1:{{_targetPort}}']
                relabel_configs:
                  - target_label: team
                    replacement: core
                metric_relabel_configs:
                  - source_labels: [__name__]
                    regex: go_.*
                    action: drop
                  - source_labels: [method, code]
                    separator: ':'
                    target_label: route
                  - source_labels: [__name__]
                    modulus: 7
                    target_label: shard
                    action: hashmod
                  - regex: (room)
                    replacement: x_$1
                    action: labelmap
                  - regex: room
                    action: labeldrop
                  - source_labels: [method]
                    target_label: method_upper
                    action: uppercase
                  - source_labels: [route]
                    regex: '(?P<m>[a-z]+):(\d+)'
                    target_label: parsed_${m}
                    replacement: '${m}-$2-$$-$1x'
                  - source_labels: [le]
                    regex: '0\.1'
                    action: drop
              - job_name: diff-om
                metrics_path: /om
                static_configs:
                  - targets: ['127.0.0.1:{{_targetPort}}']
                    labels: {zone: z1}
            """;
        var promPort = FreePort();
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), scrapeConfigs);
        _prometheus = Process.Start(new ProcessStartInfo("/usr/bin/prometheus")
        {
            ArgumentList =
            {
                "--config.file=" + Path.Combine(_dir, "prometheus.yml"),
                "--storage.tsdb.path=" + Path.Combine(_dir, "tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _prometheus.BeginErrorReadLine();
        _prometheus.BeginOutputReadLine();
        await using var nines = await StartNinesAsync(scrapeConfigs);
        var storage = await WaitForTenantAsync(nines, "default", "states", 3);

        using var client = new HttpClient();
        Dictionary<string, string> theirs = [];
        // Until Prometheus has scraped both jobs at least twice (its scrape_series_added is back to 0), as Nines has.
        for (var i = 0; i < 120 && theirs.Count(s => s.Key.StartsWith("scrape_series_added{", StringComparison.Ordinal) && s.Value == "0") < 2; i++)
        {
            await Task.Delay(250);
            theirs = await PrometheusSeriesAsync(client, promPort);
        }

        var ours = NinesSeries(storage.Head);

        // 14 series of the text job (go_* and le="0.1" dropped) and 6 of the OpenMetrics job, plus 5 report series each.
        Assert.Equal(30, theirs.Count);
        Assert.Equal(theirs.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (series, value) in theirs)
        {
            if (!series.StartsWith("scrape_duration_seconds", StringComparison.Ordinal))
            {
                Assert.True(value == ours[series], $"{series}: Prometheus {value}, Nines {ours[series]}");
            }
        }
    }

    private static async Task<NinesTestHost> StartNinesAsync(string yaml)
    {
        var bound = NinesConfiguration.Bind(yaml, "nines.yaml", new Hashtable());
        Assert.True(bound.Succeeded, string.Join("\n", bound.Errors));
        return await NinesTestHost.StartAsync(o =>
        {
            o.Global = bound.Options.Global;
            o.ScrapeConfigs = bound.Options.ScrapeConfigs;
        });
    }

    private static async Task<MetricsStorage> WaitForTenantAsync(NinesTestHost nines, string tenant, string metric, int samples)
    {
        var tenants = (TenantMetricsStorage)nines.Services.GetService(typeof(TenantMetricsStorage))!;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (tenants.OpenTenants.Contains(tenant))
            {
                var storage = await tenants.GetAsync(tenant);
                var series = storage.Head.Select([Matcher.Create(MatcherType.Equal, "__name__", metric)], long.MinValue, long.MaxValue);
                if (series.Count > 0 && series.All(s => Count(s) >= samples))
                {
                    return storage;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no {samples} samples of {metric} in tenant {tenant} within 60s");
    }

    private static int Count(SelectedSeries series)
    {
        var it = series.GetIterator();
        var n = 0;
        while (it.MoveNext())
        {
            n++;
        }

        return n;
    }

    private static double Last(HeadBlock head, string name, params (string Name, string Value)[] labels)
    {
        var matchers = new List<Matcher> { Matcher.Create(MatcherType.Equal, "__name__", name) };
        matchers.AddRange(labels.Select(l => Matcher.Create(MatcherType.Equal, l.Name, l.Value)));
        var series = Assert.Single(head.Select(matchers, long.MinValue, long.MaxValue));
        var it = series.GetIterator();
        var last = double.NaN;
        while (it.MoveNext())
        {
            last = it.Value;
        }

        return last;
    }

    private static List<double> Values(HeadBlock head, string name)
    {
        var values = new List<double>();
        foreach (var series in head.Select([Matcher.Create(MatcherType.Equal, "__name__", name)], long.MinValue, long.MaxValue))
        {
            var it = series.GetIterator();
            while (it.MoveNext())
            {
                values.Add(it.Value);
            }
        }

        return values;
    }

    private static bool IsStale(double v) => BitConverter.DoubleToUInt64Bits(v) == 0x7ff0000000000002UL;

    // Every live series of the two diff jobs in Nines, as canonical text → value formatted as Prometheus' API does.
    private static Dictionary<string, string> NinesSeries(HeadBlock head)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in head.Select([Matcher.Create(MatcherType.Regex, "job", "diff-.*")], long.MinValue, long.MaxValue))
        {
            var it = s.GetIterator();
            var last = double.NaN;
            var any = false;
            while (it.MoveNext())
            {
                last = it.Value;
                any = true;
            }

            if (any && !IsStale(last))
            {
                var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var l in s.Labels)
                {
                    pairs[l.Name] = l.Value;
                }

                result[Canonical(pairs)] = FormatValue(last);
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, string>> PrometheusSeriesAsync(HttpClient client, int port)
    {
        var json = await client.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query=" + Uri.EscapeDataString("{job=~\"diff-.*\"}"));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in item.GetProperty("metric").EnumerateObject())
            {
                pairs[p.Name] = p.Value.GetString()!;
            }

            result[Canonical(pairs)] = item.GetProperty("value")[1].GetString()!;
        }

        return result;
    }

    private static string Canonical(SortedDictionary<string, string> pairs) =>
        (pairs.GetValueOrDefault("__name__") ?? "") + "{" + string.Join(",", pairs.Where(p => p.Key != "__name__").Select(p => p.Key + "=" + JsonSerializer.Serialize(p.Value))) + "}";

    // Prometheus' API writes values with Go's strconv.FormatFloat(v, 'f', -1, 64), and NaN, +Inf, -Inf.
    private static string FormatValue(double v) => v switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(v) => "NaN",
        _ => v.ToString("R", CultureInfo.InvariantCulture) is var r && r.Contains('E', StringComparison.Ordinal) ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
