using System.Net;
using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Testing;

namespace Nines.Functional.Tests.Hosting;

/// <summary>The server on PostgreSQL: several replicas share one database.</summary>
public sealed class PostgresHostTests
{
    [Fact]
    public async Task TwoReplicas_StartTogetherOnEmptyDatabase_BothServeTheSameData()
    {
        var (name, connectionString) = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var starts = new[]
            {
                NinesTestHost.StartAsync(o => o.Store.Postgres = connectionString),
                NinesTestHost.StartAsync(o => o.Store.Postgres = connectionString),
            };
            await using var a = await starts[0];
            await using var b = await starts[1];
            Assert.Equal(StoreEngine.Postgres, a.Store.Engine);

            var token = await a.CreateTokenAsync(Role.Admin, name: "shared");
            using var viaB = b.CreateClient(token);
            var me = await HttpAssert.JsonAsync(await viaB.GetAsync("/api/nines/v1/whoami"));
            Assert.Equal("shared", me.GetProperty("name").GetString());

            // Exactly one replica created the first-run admin.
            var users = await HttpAssert.JsonAsync(await viaB.GetAsync("/api/nines/v1/users"));
            Assert.Single(users.EnumerateArray(), u => u.GetProperty("username").GetString() == "admin");
            using var ready = b.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await ready.GetAsync("/healthz/ready")).StatusCode);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Start_PostgresUnreachable_FailsWithStoreMessage()
    {
        var e = await Assert.ThrowsAsync<Nines.Hosting.StartupException>(() =>
            NinesTestHost.StartAsync(o => o.Store.Postgres = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=3"));
        Assert.StartsWith("store:", e.Message, StringComparison.Ordinal);
    }
}
