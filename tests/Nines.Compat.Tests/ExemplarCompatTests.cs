using System.Globalization;
using System.Diagnostics;
using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;
using Xunit.Abstractions;

namespace Nines.Compat.Tests;

/// <summary>
/// Exemplars end to end against the real thing: Prometheus 2.42 with exemplar storage scrapes an
/// OpenMetrics target with exemplars and remote-writes (send_exemplars) into Nines; for the same
/// time range both answer <c>/api/v1/query_exemplars</c> with the same bytes.
/// </summary>
public sealed class ExemplarCompatTests(ITestOutputHelper output) : IAsyncLifetime
{
    private OpenMetricsExemplarTarget _target = null!;
    private NinesTestHost _nines = null!;
    private PrometheusPeer _prometheus = null!;
    private HttpClient _ninesClient = null!;
    private long _start;

    private static readonly string[] Queries =
    [
        "rpc_seconds_bucket",
        "sum by (le) (rate(rpc_seconds_bucket[1m]))",
        "app_requests_total / ignoring(path) group_left sum(rpc_seconds_count)",
        "{job=\"exemplar-app\",le=~\"0.1|\\\\+Inf\"}",
        "no_such_metric",
        "1 + 1",
    ];

    public async Task InitializeAsync()
    {
        _start = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 1000;
        _target = new OpenMetricsExemplarTarget();
        _nines = await NinesTestHost.StartAsync();
        var token = await _nines.CreateTokenAsync(Role.Viewer, "exemplars", ingest: true, name: "exemplar-compat");
        _ninesClient = _nines.CreateClient(token);
        var config = $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: exemplar-app
                static_configs:
                  - targets: ['127.0.0.1:{_target.Port}']
            remote_write:
              - url: {new Uri(_nines.BaseAddress, "api/v1/write")}
                send_exemplars: true
                authorization:
                  credentials: {token}
                queue_config:
                  batch_send_deadline: 500ms
                  min_backoff: 100ms

            """;
        _prometheus = await PrometheusPeer.StartAsync(config, ["--enable-feature=exemplar-storage"]);
    }

    public async Task DisposeAsync()
    {
        _ninesClient?.Dispose();
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_nines is not null)
        {
            await _nines.DisposeAsync();
        }

        _target?.Dispose();
    }

    [Fact]
    public async Task QueryExemplars_ScrapedByPrometheusRemoteWrittenToNines_SameBodies()
    {
        // Enough scrapes for out-of-order, duplicate and fresh exemplars, then a range that has closed.
        var wait = Stopwatch.StartNew();
        while (_target.Scrapes < 6 && wait.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        Assert.True(_target.Scrapes >= 6, "Prometheus did not scrape the target: " + _prometheus.Log);
        var end = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 1500;
        var urls = new List<string>();
        foreach (var query in Queries)
        {
            urls.Add(Url(query, _start, end));
        }

        urls.Add(Url("rpc_seconds_bucket", end, _start));
        urls.Add(Url("rate(", _start, end));
        urls.Add("api/v1/query_exemplars?query=" + Uri.EscapeDataString("rpc_seconds_bucket{le=\"+Inf\"}"));

        foreach (var url in urls)
        {
            // Remote write lags the scrape by a batch deadline: wait until Nines has caught up.
            string expected = "", actual = "";
            int expectedStatus = 0, actualStatus = 0;
            var deadline = Stopwatch.StartNew();
            do
            {
                using var reference = await _prometheus.Client.GetAsync(url);
                using var nines = await _ninesClient.GetAsync(url);
                (expectedStatus, expected) = ((int)reference.StatusCode, await reference.Content.ReadAsStringAsync());
                (actualStatus, actual) = ((int)nines.StatusCode, await nines.Content.ReadAsStringAsync());
                if (expected == actual)
                {
                    break;
                }

                await Task.Delay(250);
            }
            while (deadline.Elapsed < TimeSpan.FromSeconds(30));

            output.WriteLine($"{url}\nprometheus {expectedStatus}: {expected}\nnines      {actualStatus}: {actual}");
            Assert.Equal(expectedStatus, actualStatus);
            Assert.Equal(expected, actual);
        }

        // The comparison means something only if exemplars were there to compare.
        using var check = await _ninesClient.GetAsync("api/v1/query_exemplars?query=rpc_seconds_bucket");
        var body = await check.Content.ReadAsStringAsync();
        Assert.Contains("\"trace_id\":\"00000001000000000000000000000001\"", body, StringComparison.Ordinal);
        Assert.Contains("\"timestamp\":1700000000", body, StringComparison.Ordinal);
    }

    private static string Url(string query, long start, long end) =>
        "api/v1/query_exemplars?query=" + Uri.EscapeDataString(query)
        + "&start=" + (start / 1000.0).ToString("F3", CultureInfo.InvariantCulture)
        + "&end=" + (end / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
