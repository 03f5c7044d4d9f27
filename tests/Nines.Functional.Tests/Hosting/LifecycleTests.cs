using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Nines.Core.Security;
using Nines.Hosting;
using Nines.Store.Model;
using Nines.Testing;

namespace Nines.Functional.Tests.Hosting;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Stop_DrainsInFlightRequest_ThenRefusesNewOnes()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await NinesTestHost.StartAsync(endpoints: e => e.MapGet("/test/slow", async () =>
        {
            entered.TrySetResult();
            await Task.Delay(1500);
            return "done";
        }).AllowAnonymous());
        using var client = host.CreateClient();
        var inFlight = client.GetAsync("/test/slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await host.StopAsync();

        var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("done", await response.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz/live"));
    }

    [Fact]
    public async Task Start_PortInUse_FailsWithOneClearLine()
    {
        await using var first = await NinesTestHost.StartAsync();
        var e = await Assert.ThrowsAsync<StartupException>(() =>
            NinesTestHost.StartAsync(o => o.Server.Listen = $"127.0.0.1:{first.BaseAddress.Port}"));
        Assert.Contains($"127.0.0.1:{first.BaseAddress.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("in use", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Start_DataDirectoryHeldByAnotherServer_Fails()
    {
        await using var first = await NinesTestHost.StartAsync();
        var e = await Assert.ThrowsAsync<StartupException>(() => NinesTestHost.StartAsync(dataPath: first.DataPath));
        Assert.Contains("in use by another nines server", e.Message, StringComparison.Ordinal);
        Assert.Contains($"process {Environment.ProcessId}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnwritableDataDirectory_Fails()
    {
        var file = Path.GetTempFileName();
        try
        {
            var e = await Assert.ThrowsAsync<StartupException>(() => NinesTestHost.StartAsync(dataPath: Path.Combine(file, "data")));
            Assert.Contains("not writable", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Start_StoreNewerThanBinary_RefusedWithUpgradeAdvice()
    {
        string data;
        await using (var host = await NinesTestHost.StartAsync(dataPath: Path.Combine(Path.GetTempPath(), "nines-test-" + Guid.NewGuid().ToString("N")[..12])))
        {
            data = host.DataPath;
        }

        try
        {
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "nines.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)";
                await command.ExecuteNonQueryAsync();
            }

            var e = await Assert.ThrowsAsync<StartupException>(() => NinesTestHost.StartAsync(dataPath: data));
            Assert.Contains("999", e.Message, StringComparison.Ordinal);
            Assert.Contains("upgrade", e.Message, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_KeepsTokensAndUsers()
    {
        var data = Path.Combine(Path.GetTempPath(), "nines-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            string token;
            await using (var host = await NinesTestHost.StartAsync(dataPath: data))
            {
                token = await host.CreateTokenAsync(Role.Editor, name: "survivor");
            }

            await using (var again = await NinesTestHost.StartAsync(dataPath: data))
            {
                using var client = again.CreateClient(token);
                var me = await HttpAssert.JsonAsync(await client.GetAsync("/api/nines/v1/whoami"));
                Assert.Equal("survivor", me.GetProperty("name").GetString());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task FirstStart_CreatesAdminWithoutPassword_AndPrintsWorkingSetupLink()
    {
        await using var host = await NinesTestHost.StartAsync();
        var admin = await host.Store.FindUserByNameAsync(Bootstrap.AdminUsername);
        Assert.NotNull(admin);
        Assert.Null(admin!.PasswordHash);
        var member = await host.Store.GetTenantUserAsync("default", admin.Id);
        Assert.Equal(Role.Admin, member!.Role);

        Assert.NotNull(host.SetupLink);
        Assert.Contains(host.SetupLink!, host.Stdout.ToString(), StringComparison.Ordinal);
        Assert.StartsWith(host.BaseAddress.ToString().TrimEnd('/') + "/setup/", host.SetupLink, StringComparison.Ordinal);
        var secret = host.SetupLink[(host.SetupLink.LastIndexOf('/') + 1)..];
        Assert.Equal(admin.Id, await host.Store.ConsumeSetupLinkAsync(ApiTokens.Hash(secret), DateTimeOffset.UtcNow));
        var audit = await host.Store.QueryAuditAsync(new AuditQuery("default", Action: "user.add"));
        Assert.Contains(audit, a => a.Actor == "system");
    }

    [Fact]
    public async Task LaterStart_AdminHasPassword_NoSetupLink()
    {
        var data = Path.Combine(Path.GetTempPath(), "nines-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using (var host = await NinesTestHost.StartAsync(dataPath: data))
            {
                var admin = await host.Store.FindUserByNameAsync(Bootstrap.AdminUsername);
                await host.Store.SetPasswordHashAsync("default", admin!.Id, PasswordHasher.Hash("a-long-password", 1000), Actor.System);
            }

            await using var again = await NinesTestHost.StartAsync(dataPath: data);
            Assert.Null(again.SetupLink);
            Assert.DoesNotContain("/setup/", again.Stdout.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_SeedsTenantsUsersAndTokens_Idempotently()
    {
        var data = Path.Combine(Path.GetTempPath(), "nines-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using (await NinesTestHost.StartAsync(demo: true, dataPath: data))
            {
            }

            await using var host = await NinesTestHost.StartAsync(demo: true, dataPath: data);
            var tenants = await host.Store.ListTenantsAsync();
            Assert.Equal(["default", "staging"], tenants.Select(t => t.Id).Order().ToArray());
            var users = await host.Store.ListUsersAsync("default");
            Assert.Equal(["admin", "alice", "bob", "carol"], users.Select(u => u.User.Username).Order().ToArray());
            Assert.Equal(3, (await host.Store.ListTokensAsync("default")).Count);
            Assert.True(host.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<Nines.Configuration.NinesOptions>)) is Microsoft.Extensions.Options.IOptions<Nines.Configuration.NinesOptions> o && o.Value.Auth.AnonymousIngest);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
