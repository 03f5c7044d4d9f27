using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class SessionTests
{
    [Theory]
    [BothEngines]
    public async Task CreateSessionAsync_Member_CanBeReadBack(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice");
        var session = t.NewSession(alice.User.Id, "acme");

        await t.Store.CreateSessionAsync(session);

        Assert.Equal(session, await t.Store.GetSessionAsync(session.Id));
    }

    [Theory]
    [BothEngines]
    public async Task CreateSessionAsync_NotAMemberOfTheTenant_ThrowsAndStoresNothing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        var session = t.NewSession(alice.User.Id, "globex");

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.CreateSessionAsync(session));

        Assert.Equal($"user '{alice.User.Id}' is not a member of tenant 'globex': no session created", e.Message);
        Assert.Null(await t.Store.GetSessionAsync(session.Id));
    }

    [Theory]
    [BothEngines]
    public async Task CreateSessionAsync_DisabledUser_ThrowsAndStoresNothing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice");
        await t.Store.SetUserDisabledAsync("acme", alice.User.Id, disabled: true, Actor.System);
        var session = t.NewSession(alice.User.Id, "acme");

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.CreateSessionAsync(session));

        Assert.Contains("is disabled", e.Message, StringComparison.Ordinal);
        Assert.Null(await t.Store.GetSessionAsync(session.Id));
    }

    [Theory]
    [BothEngines]
    public async Task SwitchSessionTenantAsync_ToAnotherTenantOfTheUser_MovesTheSession(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        await t.UserAsync("globex", "alice");
        var session = t.NewSession(alice.User.Id, "acme");
        await t.Store.CreateSessionAsync(session);

        Assert.True(await t.Store.SwitchSessionTenantAsync(session.Id, "globex"));

        Assert.Equal("globex", (await t.Store.GetSessionAsync(session.Id))!.TenantId);
    }

    [Theory]
    [BothEngines]
    public async Task SwitchSessionTenantAsync_RevokedOrExpiredSession_ReturnsFalse(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        await t.UserAsync("globex", "alice");
        var revoked = t.NewSession(alice.User.Id, "acme");
        var expired = t.NewSession(alice.User.Id, "acme");
        await t.Store.CreateSessionAsync(revoked);
        await t.Store.CreateSessionAsync(expired with { ExpiresAt = TestStore.Start.AddMinutes(1) });
        await t.Store.RevokeSessionAsync(revoked.Id, TestStore.Start);
        t.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await t.Store.SwitchSessionTenantAsync(revoked.Id, "globex"));
        Assert.False(await t.Store.SwitchSessionTenantAsync(expired.Id, "globex"));

        Assert.Equal("acme", (await t.Store.GetSessionAsync(revoked.Id))!.TenantId);
        Assert.Equal("acme", (await t.Store.GetSessionAsync(expired.Id))!.TenantId);
    }

    [Theory]
    [BothEngines]
    public async Task RevokeSessionAsync_Twice_KeepsTheFirstLogoutTime(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice");
        var session = t.NewSession(alice.User.Id, "acme");
        await t.Store.CreateSessionAsync(session);

        await t.Store.RevokeSessionAsync(session.Id, TestStore.Start.AddMinutes(1));
        await t.Store.RevokeSessionAsync(session.Id, TestStore.Start.AddMinutes(2));

        Assert.Equal(TestStore.Start.AddMinutes(1), (await t.Store.GetSessionAsync(session.Id))!.RevokedAt);
    }

    [Theory]
    [BothEngines]
    public async Task GetSessionAsync_Missing_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        Assert.Null(await t.Store.GetSessionAsync("no-such-session"));
    }
}
