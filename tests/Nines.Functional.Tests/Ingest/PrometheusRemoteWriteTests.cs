using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Nines.Core.Security;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Testing;

namespace Nines.Functional.Tests.Ingest;

/// <summary>
/// Debian's real Prometheus scrapes itself and remote-writes (protocol 1.0, snappy, protobuf) into
/// Nines with an ingest token; what it sent must be in the tenant's storage, series for series.
/// </summary>
public sealed class PrometheusRemoteWriteTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nines-prom-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _prometheus;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RealPrometheus_RemoteWrites_SeriesLandInTheTokensTenant()
    {
        Assert.True(File.Exists("/usr/bin/prometheus"), "Debian's prometheus is not installed: run scripts/test, which installs it");
        await using var nines = await NinesTestHost.StartAsync();
        var token = await nines.CreateTokenAsync(Role.Viewer, "team-prom", ingest: true, name: "prometheus");
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, token);
        var promPort = FreePort();
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: prometheus
                static_configs: [{"{"} targets: ["127.0.0.1:{promPort}"] {"}"}]
            remote_write:
              - url: {nines.BaseAddress}api/v1/write
                authorization: {"{"} credentials_file: {tokenFile} {"}"}
                queue_config: {"{"} batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s {"}"}
            """);
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

        var tenants = (TenantMetricsStorage)nines.Services.GetService(typeof(TenantMetricsStorage))!;
        var up = new[] { Matcher.Create(MatcherType.Equal, "__name__", "up"), Matcher.Create(MatcherType.Equal, "job", "prometheus") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        MetricsStorage? storage = null;
        while (DateTime.UtcNow < deadline)
        {
            if (tenants.OpenTenants.Contains("team-prom"))
            {
                storage = await tenants.GetAsync("team-prom");
                if (storage.Head.Select(up, long.MinValue, long.MaxValue).Count > 0)
                {
                    break;
                }
            }

            await Task.Delay(250);
        }

        Assert.NotNull(storage);
        var series = Assert.Single(storage!.Head.Select(up, long.MinValue, long.MaxValue));
        Assert.Equal($"127.0.0.1:{promPort}", series.Labels.Get("instance"));
        var samples = series.GetIterator();
        Assert.True(samples.MoveNext());
        Assert.Equal(1.0, samples.Value);
        Assert.DoesNotContain("default", tenants.OpenTenants);

        // Every metric name Prometheus has stored by now was sent to Nines too (give the queue a moment).
        using var client = new HttpClient();
        var names = JsonDocument.Parse(await client.GetStringAsync($"http://127.0.0.1:{promPort}/api/v1/label/__name__/values"))
            .RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("prometheus_build_info", names);
        var missing = names;
        for (var i = 0; i < 40 && missing.Count > 0; i++)
        {
            await Task.Delay(250);
            var ours = storage.Head.LabelValues("__name__");
            missing = names.Where(n => !ours.Contains(n)).ToList();
        }

        Assert.True(missing.Count == 0, "not received by Nines: " + string.Join(", ", missing));

        // The tenant's overview page counts what arrived.
        using var page = nines.CreateClient(token);
        var html = await page.GetStringAsync("/");
        var count = System.Text.RegularExpressions.Regex.Match(html, "id=\"stat-series\">(\\d+)<");
        Assert.True(count.Success, "no series count on the overview page");
        Assert.True(int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) >= names.Count);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
