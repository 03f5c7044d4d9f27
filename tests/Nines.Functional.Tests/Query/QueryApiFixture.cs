using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// One Nines host for the query API tests, with a few samples of <c>api_test_gauge</c> in tenant
/// <c>team-a</c> (values chosen to exercise Prometheus' number formatting), two exemplars of
/// <c>api_test_other</c>, and one series in tenant <c>team-b</c>.
/// </summary>
public sealed class QueryApiFixture : IAsyncLifetime
{
    /// <summary>Timestamp (ms) of the first sample: 2015-07-01T20:10:30.781Z, Prometheus' documentation example.</summary>
    public const long T0 = 1435781430781;

    public NinesTestHost Host { get; private set; } = null!;

    /// <summary>A viewer of team-a.</summary>
    public HttpClient TeamA { get; private set; } = null!;

    /// <summary>A viewer of team-b.</summary>
    public HttpClient TeamB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await NinesTestHost.StartAsync();
        TeamA = Host.CreateClient(await Host.CreateTokenAsync(Role.Viewer, "team-a"));
        TeamB = Host.CreateClient(await Host.CreateTokenAsync(Role.Viewer, "team-b"));

        var a = new RemoteWritePayload();
        string[] gauge = ["__name__", "api_test_gauge", "job", "api", "instance", "a:1"];
        double[] values = [1, 0.1, 1e-7, 2.5e21, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        for (var i = 0; i < values.Length; i++)
        {
            a.Add(gauge, T0 + (i * 15_000), values[i]);
        }

        a.Add(["__name__", "api_test_other", "job", "api", "zone", "z1"], T0, 42);
        a.AddExemplar(["__name__", "api_test_other", "job", "api", "zone", "z1"], ["trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"], T0, 0.25);
        a.AddExemplar(["__name__", "api_test_other", "job", "api", "zone", "z1"], ["trace_id", "00f067aa0ba902b7a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7"], T0 + 15_000, 1e-7);
        await PushAsync("team-a", a);

        var b = new RemoteWritePayload();
        b.Add(["__name__", "team_b_only", "job", "secret"], T0, 7);
        await PushAsync("team-b", b);
    }

    public async Task DisposeAsync()
    {
        TeamA.Dispose();
        TeamB.Dispose();
        await Host.DisposeAsync();
    }

    private async Task PushAsync(string tenant, RemoteWritePayload payload)
    {
        using var ingest = Host.CreateClient(await Host.CreateTokenAsync(Role.Viewer, tenant, ingest: true));
        await RemoteWritePayload.SendAsync(ingest, new Uri(Host.BaseAddress, "api/v1/write"), payload.Encode());
    }
}
