using System.Diagnostics;
using System.Globalization;
using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;

namespace Nines.Compat.Tests;

/// <summary>
/// Native histograms the way they reach Nines in production: Prometheus 2.42 with
/// <c>--enable-feature=native-histograms</c> scrapes <see cref="NativeHistogramTarget"/> (protobuf
/// exposition) and remote-writes everything (<c>send_native_histograms</c>) into an in-process
/// Nines. A Prometheus of its own, apart from <see cref="CompatFixture"/>'s, so the feature flag
/// cannot change the answers of the other corpora. Ready once the target has served every step and
/// the last step is queryable in both (or, for Nines, after a minute: then the comparison shows
/// what is missing).
/// </summary>
public sealed class NativeHistogramFixture : IAsyncLifetime
{
    private const string Tenant = "native-histograms";
    private NativeHistogramTarget _target = null!;

    public PrometheusPeer Prometheus { get; private set; } = null!;

    public NinesTestHost Nines { get; private set; } = null!;

    /// <summary>Queries Nines as a viewer of the tenant that holds the data.</summary>
    public HttpClient NinesClient { get; private set; } = null!;

    internal NativeHistogramGenerator Data { get; private set; } = null!;

    /// <summary>The Accept header of Prometheus' first scrape.</summary>
    public string? Accept => _target.FirstAccept;

    /// <summary>Whether Nines held the last step's float sample, with no histogram left to send, when the tests started.</summary>
    public bool NinesCaughtUp { get; private set; }

    /// <summary>From Prometheus' start until the tests could start.</summary>
    public TimeSpan LoadTime { get; private set; }

    public async Task InitializeAsync()
    {
        Nines = await NinesTestHost.StartAsync();
        var token = await Nines.CreateTokenAsync(Role.Viewer, Tenant, ingest: true, name: "native-histograms");
        NinesClient = Nines.CreateClient(token);
        NinesClient.Timeout = TimeSpan.FromSeconds(60);

        _target = new NativeHistogramTarget();
        var config = $"""
            global:
              scrape_interval: 200ms
              scrape_timeout: 200ms
            scrape_configs:
              - job_name: nhist
                honor_labels: true
                static_configs:
                  - targets: ['127.0.0.1:{_target.Port}']
            remote_write:
              - url: {new Uri(Nines.BaseAddress, "api/v1/write")}
                send_native_histograms: true
                authorization:
                  credentials: {token}
                queue_config:
                  batch_send_deadline: 500ms
                  min_backoff: 100ms

            """;
        var started = Stopwatch.StartNew();
        Prometheus = await PrometheusPeer.StartAsync(config, ["--enable-feature=native-histograms"]);

        while (_target.Scrapes < NativeHistogramGenerator.Steps)
        {
            if (started.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"Prometheus scraped only {_target.Scrapes} times, {NativeHistogramGenerator.Steps} are needed: {Prometheus.Log}");
            }

            await Task.Delay(250);
        }

        Data = _target.Generator!;
        const double last = NativeHistogramGenerator.Steps - 1;
        while (!await HasLastStepAsync(Prometheus.Client, last))
        {
            if (started.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"Prometheus did not ingest the last step: {Prometheus.Log}");
            }

            await Task.Delay(250);
        }

        // The last step's histograms went into Prometheus' WAL with its float marker, so once the
        // marker is in Nines they are at least queued; none pending means they were sent too.
        var waiting = Stopwatch.StartNew();
        while (!(NinesCaughtUp = await HasLastStepAsync(NinesClient, last) && await HistogramsPendingAsync() == 0)
            && waiting.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(250);
        }

        LoadTime = started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        NinesClient?.Dispose();
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        if (Nines is not null)
        {
            await Nines.DisposeAsync();
        }

        _target?.Dispose();
    }

    // Histograms queued in the remote-write shards and not sent yet (Prometheus' own metrics).
    private async Task<double> HistogramsPendingAsync()
    {
        var text = await Prometheus.Client.GetStringAsync("metrics");
        var pending = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("prometheus_remote_storage_histograms_pending{", StringComparison.Ordinal))
            {
                pending += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return pending;
    }

    private async Task<bool> HasLastStepAsync(HttpClient client, double last)
    {
        var answer = await RangeAnswer.InstantAsync(client, "nhist_scrape_step", Data.End);
        return answer.Succeeded && answer.Series.Values.Any(p => p.Count == 1 && p[0].Value == last);
    }
}
