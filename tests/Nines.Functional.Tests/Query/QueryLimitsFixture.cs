using Nines.Core.Security;
using Nines.Testing;
using Nines.Testing.Peers;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// A Nines host whose <c>query:</c> section is set as a nines.yaml would set it (<see cref="Configure"/>),
/// with a query log in its data directory and three series of <c>limit_test_gauge</c> in tenant
/// <c>team-limits</c>.
/// </summary>
public abstract class QueryLimitsFixture : IAsyncLifetime
{
    public const string Tenant = "team-limits";

    public NinesTestHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string LogPath => Path.Combine(Host.DataPath, "queries.log");

    public async Task InitializeAsync()
    {
        Host = await NinesTestHost.StartAsync(o =>
        {
            o.Query.LogPath = "queries.log";
            Configure(o.Query);
        });
        Client = Host.CreateClient(await Host.CreateTokenAsync(Role.Viewer, Tenant));
        var payload = new RemoteWritePayload();
        foreach (var instance in new[] { "a", "b", "c" })
        {
            for (var i = 0; i < 10; i++)
            {
                payload.Add(["__name__", "limit_test_gauge", "instance", instance], QueryApiFixture.T0 + (i * 15_000), i);
            }
        }

        using var ingest = Host.CreateClient(await Host.CreateTokenAsync(Role.Viewer, Tenant, ingest: true));
        await RemoteWritePayload.SendAsync(ingest, new Uri(Host.BaseAddress, "api/v1/write"), payload.Encode());
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>The query log's lines so far that are about <paramref name="query"/>, waiting up to 5 s for at least one.</summary>
    public async Task<List<System.Text.Json.JsonElement>> LogLinesAsync(string query)
    {
        var found = new List<System.Text.Json.JsonElement>();
        for (var attempt = 0; attempt < 100 && found.Count == 0; attempt++)
        {
            if (File.Exists(LogPath))
            {
                using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync() is { } line)
                {
                    var entry = System.Text.Json.JsonDocument.Parse(line).RootElement;
                    if (entry.GetProperty("params").GetProperty("query").GetString() == query)
                    {
                        found.Add(entry.Clone());
                    }
                }
            }

            if (found.Count == 0)
            {
                await Task.Delay(50);
            }
        }

        return found;
    }

    protected abstract void Configure(Nines.Configuration.QueryOptions query);
}

/// <summary>Small sample and series limits.</summary>
public sealed class SmallQueryLimitsFixture : QueryLimitsFixture
{
    protected override void Configure(Nines.Configuration.QueryOptions query)
    {
        query.MaxSamples = 1000;
        query.MaxSeries = 2;
    }
}

/// <summary>A 4 s query timeout and one running query per tenant with no queue.</summary>
public sealed class SlowQueryLimitsFixture : QueryLimitsFixture
{
    protected override void Configure(Nines.Configuration.QueryOptions query)
    {
        query.Timeout = TimeSpan.FromSeconds(4);
        query.MaxConcurrentPerTenant = 1;
        query.MaxQueuedPerTenant = 0;
    }
}
