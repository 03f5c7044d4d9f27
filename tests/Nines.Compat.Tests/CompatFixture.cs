using System.Diagnostics;
using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;

namespace Nines.Compat.Tests;

/// <summary>
/// Real Prometheus and an in-process Nines, both fed the identical remote write payloads of the
/// demo generator in time order. Pushing the same bytes to both (rather than letting Prometheus
/// scrape a generator and remote-write to Nines) keeps the sample timestamps identical and the
/// test independent of wall-clock scrape timing.
/// </summary>
public sealed class CompatFixture : IAsyncLifetime
{
    private const string Tenant = "compat";

    public PrometheusPeer Prometheus { get; private set; } = null!;

    public NinesTestHost Nines { get; private set; } = null!;

    /// <summary>Queries Nines as a viewer of the tenant that holds the data.</summary>
    public HttpClient NinesClient { get; private set; } = null!;

    /// <summary>The token of <see cref="NinesClient"/> (ingest and viewer).</summary>
    public string Token { get; private set; } = "";

    internal DemoGenerator Data { get; private set; } = null!;

    public TimeSpan PushTime { get; private set; }

    public int Samples { get; private set; }

    public async Task InitializeAsync()
    {
        var prometheus = PrometheusPeer.StartAsync();
        Nines = await NinesTestHost.StartAsync();
        Prometheus = await prometheus;
        Token = await Nines.CreateTokenAsync(Role.Viewer, Tenant, ingest: true, name: "compat");
        NinesClient = Nines.CreateClient(Token);
        NinesClient.Timeout = TimeSpan.FromSeconds(60);

        Data = new DemoGenerator(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 60_000);
        var started = Stopwatch.StartNew();
        foreach (var payload in Data.Payloads())
        {
            var body = payload.Encode();
            Samples += payload.SampleCount;
            await Prometheus.PushAsync(body);
            await RemoteWritePayload.SendAsync(NinesClient, new Uri(Nines.BaseAddress, "api/v1/write"), body);
        }

        PushTime = started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        NinesClient?.Dispose();
        if (Nines is not null)
        {
            await Nines.DisposeAsync();
        }

        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }
    }
}
