using System.Net;
using System.Net.Http.Json;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Functional.Tests.Security;

public sealed class TenancyTests
{
    [Fact]
    public async Task ForeignUserId_404_NotForbidden_AndUnchanged()
    {
        await using var host = await NinesTestHost.StartAsync();
        var alice = await host.CreateUserAsync("alice", "alice-password-1", Role.Editor, "team-a");
        using var b = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-b"));

        await HttpAssert.ProblemAsync(await b.GetAsync($"/api/nines/v1/users/{alice.User.Id}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(
            await b.PatchAsJsonAsync($"/api/nines/v1/users/{alice.User.Id}", new { disabled = true, role = "viewer" }), HttpStatusCode.NotFound);

        var after = await host.Store.GetTenantUserAsync("team-a", alice.User.Id);
        Assert.NotNull(after);
        Assert.False(after!.User.Disabled);
        Assert.Equal(Role.Editor, after.Role);
    }

    [Fact]
    public async Task SharedUser_DisabledByOneTenantsAdmin_StaysActiveInTheOther()
    {
        await using var host = await NinesTestHost.StartAsync();
        var alice = await host.CreateUserAsync("alice", "alice-password-1", Role.Editor, "team-a");
        await host.CreateUserAsync("alice", "alice-password-1", Role.Viewer, "team-b");
        using var b = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-b"));
        using var a = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-a"));

        var disabled = await HttpAssert.JsonAsync(await b.PatchAsJsonAsync($"/api/nines/v1/users/{alice.User.Id}", new { disabled = true }));
        Assert.True(disabled.GetProperty("disabled").GetBoolean());

        var inA = await HttpAssert.JsonAsync(await a.GetAsync($"/api/nines/v1/users/{alice.User.Id}"));
        Assert.False(inA.GetProperty("disabled").GetBoolean());
        var memberships = await host.Store.ListMembershipsAsync(alice.User.Id);
        Assert.Equal("team-a", Assert.Single(memberships).TenantId);
    }

    [Fact]
    public async Task ForeignTokenId_RevokeIs404_AndTokenKeepsWorking()
    {
        await using var host = await NinesTestHost.StartAsync();
        var aToken = await host.CreateTokenAsync(Role.Admin, "team-a", name: "a-admin");
        using var a = host.CreateClient(aToken);
        using var b = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-b"));
        var aList = await HttpAssert.JsonAsync(await a.GetAsync("/api/nines/v1/tokens"));
        var aId = aList.EnumerateArray().Single().GetProperty("id").GetString();

        await HttpAssert.ProblemAsync(await b.DeleteAsync($"/api/nines/v1/tokens/{aId}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await b.GetAsync($"/api/nines/v1/tokens/{aId}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/nines/v1/whoami")).StatusCode);
    }

    [Fact]
    public async Task Lists_ShowOnlyOwnTenant()
    {
        await using var host = await NinesTestHost.StartAsync();
        await host.CreateUserAsync("alice", "alice-password-1", Role.Editor, "team-a");
        await host.CreateUserAsync("bob", "bob-password-12", Role.Editor, "team-b");
        await host.CreateTokenAsync(Role.Viewer, "team-a", name: "a-grafana");
        using var b = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-b", name: "b-admin"));

        var users = await b.GetStringAsync("/api/nines/v1/users");
        Assert.Contains("bob", users, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", users, StringComparison.Ordinal);
        var tokens = await b.GetStringAsync("/api/nines/v1/tokens");
        Assert.Contains("b-admin", tokens, StringComparison.Ordinal);
        Assert.DoesNotContain("a-grafana", tokens, StringComparison.Ordinal);
        var audit = await b.GetStringAsync("/api/nines/v1/audit?limit=1000");
        Assert.DoesNotContain("alice", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("a-grafana", audit, StringComparison.Ordinal);
        var tenants = await HttpAssert.JsonAsync(await b.GetAsync("/api/nines/v1/tenants"));
        Assert.Equal("team-b", Assert.Single(tenants.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ScopeHeader_NamingAnotherTenant_403()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var a = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-a"));
        a.DefaultRequestHeaders.Add("X-Scope-OrgID", "team-b");
        var detail = await HttpAssert.ProblemAsync(await a.GetAsync("/api/nines/v1/users"), HttpStatusCode.Forbidden);
        Assert.Contains("team-b", detail, StringComparison.Ordinal);
        Assert.Contains("team-a", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeHeader_Malformed_400()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var a = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-a"));
        a.DefaultRequestHeaders.Add("X-Scope-OrgID", "../etc/passwd");
        await HttpAssert.ProblemAsync(await a.GetAsync("/api/nines/v1/users"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ScopeHeader_NamingOwnTenant_Allowed()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var a = host.CreateClient(await host.CreateTokenAsync(Role.Admin, "team-a"));
        a.DefaultRequestHeaders.Add("X-Scope-OrgID", "team-a");
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/nines/v1/users")).StatusCode);
    }
}
