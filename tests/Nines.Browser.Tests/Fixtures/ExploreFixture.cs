using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;
using Nines.Testing.Peers;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>
/// A server holding metrics for the explorer's tests, written once through the real ingest path
/// (remote write with an ingest token). Samples run from 30 minutes ago to 30 minutes ahead, so an
/// instant query at "now" finds them however long the class takes.
/// </summary>
public sealed class ExploreFixture : BrowserFixture
{
    /// <summary>Series of <c>explore_many</c>: more than the chart draws.</summary>
    public const int ManySeries = 1200;

    /// <summary>Trace ids of the exemplars of <c>explore_latency_seconds</c>, oldest first.</summary>
    public static readonly string[] ExemplarTraces = ["4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c"];

    /// <summary>
    /// The native histogram of <c>explore_rpc_duration_seconds{job="api"}</c> at every sample: schema 0
    /// (bucket i is (2^(i-1), 2^i]), zero bucket [-0.001, 0.001] with 4 observations, positive
    /// buckets (0.5, 1] 300, (1, 2] 900, (2, 4] 30; 1,234 observations summing to 567.8.
    /// </summary>
    public static Histogram RpcDuration() => new()
    {
        Schema = 0,
        ZeroThreshold = 0.001,
        ZeroCount = 4,
        Count = 1234,
        Sum = 567.8,
        PositiveSpans = [new HistogramSpan(0, 3)],
        PositiveBuckets = [300, 600, -870],
    };

    /// <summary>
    /// <c>explore_switched</c>'s histogram (after it switched from floats): schema 0, negative bucket
    /// [-2, -1) with 2 observations and positive bucket (1, 2] with 3, sum 1.5.
    /// </summary>
    public static Histogram Switched() => new()
    {
        Count = 5,
        Sum = 1.5,
        NegativeSpans = [new HistogramSpan(1, 1)],
        NegativeBuckets = [2],
        PositiveSpans = [new HistogramSpan(1, 1)],
        PositiveBuckets = [3],
    };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _seeded;

    /// <summary>Writes the test metrics unless they are written already.</summary>
    public async Task SeedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }

            var token = await Host.CreateTokenAsync(Role.Viewer, ingest: true);
            using var client = Host.CreateClient(token);
            var write = new Uri(Host.BaseAddress, "/api/v1/write");
            var now = DateTimeOffset.UnixEpoch.AddSeconds(Math.Floor(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 30.0) * 30);
            var payload = new RemoteWritePayload();
            var many = new RemoteWritePayload();
            for (var t = now.AddMinutes(-30); t <= now.AddMinutes(30); t = t.AddSeconds(30))
            {
                var ms = t.ToUnixTimeMilliseconds();
                var step = (ms - now.AddMinutes(-30).ToUnixTimeMilliseconds()) / 30_000;
                payload.Add(["__name__", "explore_requests_total", "job", "api", "instance", "a"], ms, step * 2);
                payload.Add(["__name__", "explore_requests_total", "job", "api", "instance", "b"], ms, step * 3);
                payload.Add(["__name__", "explore_requests_total", "job", "web", "instance", "c"], ms, step * 5);
                payload.Add(["__name__", "explore_temperature_celsius", "room", "kitchen"], ms, 21.5);
                payload.Add(["__name__", "explore_temperature_celsius", "room", "attic"], ms, 30);
                payload.Add(["__name__", "explore_temperature_celsius", "room", "cellar"], ms, 12);
                if (step % 4 == 0)
                {
                    for (var i = 0; i < ManySeries; i++)
                    {
                        many.Add(["__name__", "explore_many", "i", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)], ms, i + step);
                    }
                }
            }

            // Exemplars of explore_latency_seconds: two with a trace id (links), one without.
            var latency = new RemoteWritePayload();
            string[] latencySeries = ["__name__", "explore_latency_seconds", "job", "api"];
            for (var t = now.AddMinutes(-30); t <= now.AddMinutes(30); t = t.AddSeconds(30))
            {
                latency.Add(latencySeries, t.ToUnixTimeMilliseconds(), 0.2);
            }

            latency.AddExemplar(latencySeries, ["trace_id", ExemplarTraces[0], "span_id", "00f067aa0ba902b7"], now.AddMinutes(-20).ToUnixTimeMilliseconds(), 0.25);
            latency.AddExemplar(latencySeries, ["trace_id", ExemplarTraces[1]], now.AddMinutes(-10).ToUnixTimeMilliseconds(), 0.4);
            latency.AddExemplar(latencySeries, ["user", "u1"], now.AddMinutes(-5).ToUnixTimeMilliseconds(), 0.1);

            await RemoteWritePayload.SendAsync(client, write, payload.Encode());
            await RemoteWritePayload.SendAsync(client, write, many.Encode());
            await RemoteWritePayload.SendAsync(client, write, latency.Encode());
            await AppendHistogramsAsync(now);
            _seeded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Native histograms, written straight to the tenant's storage (the remote write payload builder
    /// has no histograms): <c>explore_rpc_duration_seconds{job="api"}</c> every 30 s, and
    /// <c>explore_switched</c>, a float (7) until 10 minutes ago and a histogram from then on.
    /// </summary>
    private async Task AppendHistogramsAsync(DateTimeOffset now)
    {
        var tenants = (TenantMetricsStorage)Host.Services.GetService(typeof(TenantMetricsStorage))!;
        var storage = await tenants.GetAsync(TenantId.Default);
        var batch = new MetricsBatch();
        batch.Add(LabelSet.FromStrings("__name__", "explore_rpc_duration_seconds", "job", "api"), [], []);
        for (var t = now.AddMinutes(-30); t <= now.AddMinutes(30); t = t.AddSeconds(30))
        {
            batch.AddHistogram(t.ToUnixTimeMilliseconds(), RpcDuration());
        }

        var switched = LabelSet.FromStrings("__name__", "explore_switched");
        var floats = new List<long>();
        var switchAt = now.AddMinutes(-10);
        for (var t = now.AddMinutes(-30); t < switchAt; t = t.AddSeconds(30))
        {
            floats.Add(t.ToUnixTimeMilliseconds());
        }

        batch.Add(switched, [.. floats], [.. floats.Select(_ => 7.0)]);
        batch.Add(switched, [], []);
        for (var t = switchAt; t <= now.AddMinutes(30); t = t.AddSeconds(30))
        {
            batch.AddHistogram(t.ToUnixTimeMilliseconds(), Switched());
        }

        var outcome = await storage.AppendAsync(batch);
        if (outcome.HistogramsAccepted != batch.HistogramCount || outcome.OutOfOrder + outcome.Duplicate > 0)
        {
            throw new InvalidOperationException($"the explorer's histograms were not all stored: {outcome}");
        }
    }
}
