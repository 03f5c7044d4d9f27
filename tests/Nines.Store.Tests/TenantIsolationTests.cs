using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

// An id from tenant A, used with tenant B, reads as "not found" and changes nothing.
public sealed class TenantIsolationTests
{
    private const string AliceHash = "$pbkdf2$alice";

    [Theory]
    [BothEngines]
    public async Task GetTenantUserAsync_OtherTenant_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var alice = await SeedAsync(t);

        Assert.Null(await t.Store.GetTenantUserAsync("globex", alice.User.Id));
    }

    [Theory]
    [BothEngines]
    public async Task ListUsersAsync_OtherTenant_DoesNotListTheUser(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await SeedAsync(t);

        Assert.Equal(["mallory"], (await t.Store.ListUsersAsync("globex")).Select(u => u.User.Username));
    }

    [Theory]
    [BothEngines]
    public async Task SetRoleAsync_OtherTenant_ReturnsFalseAndLeavesTheRole(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var alice = await SeedAsync(t);

        Assert.False(await t.Store.SetRoleAsync("globex", alice.User.Id, Role.Admin, Actor.User("mallory")));

        Assert.Equal(alice, await t.Store.GetTenantUserAsync("acme", alice.User.Id));
        await AssertNoNewAuditAsync(t);
    }

    [Theory]
    [BothEngines]
    public async Task SetUserDisabledAsync_OtherTenant_ReturnsFalseAndLeavesUserAndSessions(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var alice = await SeedAsync(t);
        var session = t.NewSession(alice.User.Id, "acme");
        await t.Store.CreateSessionAsync(session);

        Assert.False(await t.Store.SetUserDisabledAsync("globex", alice.User.Id, disabled: true, Actor.User("mallory")));

        Assert.False((await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.User.Disabled);
        Assert.Null((await t.Store.GetSessionAsync(session.Id))!.RevokedAt);
        await AssertNoNewAuditAsync(t);
    }

    [Theory]
    [BothEngines]
    public async Task SetPasswordHashAsync_OtherTenant_ReturnsFalseAndLeavesThePassword(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var alice = await SeedAsync(t);

        Assert.False(await t.Store.SetPasswordHashAsync("globex", alice.User.Id, "$pbkdf2$mallory-knows", Actor.User("mallory")));

        Assert.Equal(AliceHash, (await t.Store.GetUserAsync(alice.User.Id))!.PasswordHash);
        await AssertNoNewAuditAsync(t);
    }

    [Theory]
    [BothEngines]
    public async Task GetTokenAsync_OtherTenant_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await SeedAsync(t);
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);

        Assert.Null(await t.Store.GetTokenAsync("globex", token.Id));
        Assert.Empty(await t.Store.ListTokensAsync("globex"));
    }

    [Theory]
    [BothEngines]
    public async Task RevokeTokenAsync_OtherTenant_ReturnsFalseAndTokenStaysActive(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await SeedAsync(t);
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);
        var acmeEntries = (await t.AuditAsync("acme")).Count;

        Assert.False(await t.Store.RevokeTokenAsync("globex", token.Id, TestStore.Start, Actor.User("mallory")));

        Assert.Equal(token, await t.Store.GetTokenAsync("acme", token.Id));
        Assert.Equal(acmeEntries, (await t.AuditAsync("acme")).Count);
        await AssertNoNewAuditAsync(t);
    }

    [Theory]
    [BothEngines]
    public async Task SwitchSessionTenantAsync_TenantTheUserIsNotIn_ReturnsFalseAndKeepsTheTenant(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var alice = await SeedAsync(t);
        var session = t.NewSession(alice.User.Id, "acme");
        await t.Store.CreateSessionAsync(session);

        Assert.False(await t.Store.SwitchSessionTenantAsync(session.Id, "globex"));

        Assert.Equal("acme", (await t.Store.GetSessionAsync(session.Id))!.TenantId);
    }

    [Theory]
    [BothEngines]
    public async Task QueryAuditAsync_OtherTenant_SeesNoneOfTheChanges(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var alice = await SeedAsync(t);

        Assert.Empty(await t.Store.QueryAuditAsync(new AuditQuery("globex", EntityId: alice.User.Id)));
        Assert.Empty(await t.Store.QueryAuditAsync(new AuditQuery("globex", EntityId: "acme")));
        Assert.Empty(await t.Store.QueryAuditAsync(new AuditQuery("nowhere")));
    }

    private static async Task<TenantUser> SeedAsync(TestStore t)
    {
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        await t.UserAsync("globex", "mallory", Role.Admin);
        return await t.UserAsync("acme", "alice", Role.Viewer, AliceHash);
    }

    // globex's log holds only its own creation and mallory's: nothing was done in its name.
    private static async Task AssertNoNewAuditAsync(TestStore t) =>
        Assert.Equal(["user.add", "tenant.create"], (await t.AuditAsync("globex")).Select(e => e.Action));
}
