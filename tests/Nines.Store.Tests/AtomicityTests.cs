using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

// A change and its audit entry commit together or not at all: each test fails the transaction after
// the change's own statements ran, just before the audit entry, and finds neither in the store.
public sealed class AtomicityTests
{
    [Theory]
    [BothEngines]
    public async Task CreateTenantAsync_FailsBeforeAudit_LeavesNoTenant(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        FailAt(t, "tenant.create");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.TenantAsync("acme"));

        Assert.Null(await t.Store.GetTenantAsync("acme"));
        Assert.Equal(0, await t.CountAsync("audit_log"));
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_FailsBeforeAudit_LeavesNoUserAndNoMembership(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        FailAt(t, "user.add");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.UserAsync("acme", "alice"));

        Assert.Null(await t.Store.FindUserByNameAsync("alice"));
        Assert.Equal(0, await t.CountAsync("memberships"));
        Assert.DoesNotContain(await t.AuditAsync("acme"), e => e.Action == "user.add");
        t.Sql.BeforeAuditWrite = null;
        await t.UserAsync("acme", "alice");
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_JoiningAnotherTenantFailsBeforeAudit_LeavesNoMembership(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        FailAt(t, "user.membership.add");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.UserAsync("globex", "alice"));

        Assert.Null(await t.Store.GetTenantUserAsync("globex", alice.User.Id));
        Assert.Single(await t.AuditAsync("globex"));
    }

    [Theory]
    [BothEngines]
    public async Task SetRoleAsync_FailsBeforeAudit_KeepsTheOldRole(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", Role.Viewer);
        FailAt(t, "user.role.set");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.Store.SetRoleAsync("acme", alice.User.Id, Role.Admin, Actor.System));

        Assert.Equal(Role.Viewer, (await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.Role);
        Assert.DoesNotContain(await t.AuditAsync("acme"), e => e.Action == "user.role.set");
    }

    [Theory]
    [BothEngines]
    public async Task SetUserDisabledAsync_FailsBeforeAudit_UserStaysEnabledAndSessionsLive(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice");
        var session = t.NewSession(alice.User.Id, "acme");
        await t.Store.CreateSessionAsync(session);
        FailAt(t, "user.disable");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.Store.SetUserDisabledAsync("acme", alice.User.Id, disabled: true, Actor.System));

        Assert.False((await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.User.Disabled);
        Assert.Null((await t.Store.GetSessionAsync(session.Id))!.RevokedAt);
        Assert.DoesNotContain(await t.AuditAsync("acme"), e => e.Action == "user.disable");
    }

    [Theory]
    [BothEngines]
    public async Task SetPasswordHashAsync_FailsBeforeAudit_KeepsTheOldPassword(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", passwordHash: "$pbkdf2$old");
        FailAt(t, "user.password.set");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.Store.SetPasswordHashAsync("acme", alice.User.Id, "$pbkdf2$new", Actor.System));

        Assert.Equal("$pbkdf2$old", (await t.Store.GetUserAsync(alice.User.Id))!.PasswordHash);
    }

    [Theory]
    [BothEngines]
    public async Task CreateTokenAsync_FailsBeforeAudit_LeavesNoToken(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var draft = t.NewToken("acme", "ci");
        FailAt(t, "token.create");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.Store.CreateTokenAsync(draft, Actor.System));

        Assert.Null(await t.Store.FindTokenByHashAsync(draft.Hash));
        Assert.DoesNotContain(await t.AuditAsync("acme"), e => e.Action == "token.create");
    }

    [Theory]
    [BothEngines]
    public async Task RevokeTokenAsync_FailsBeforeAudit_TokenStaysActive(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);
        FailAt(t, "token.revoke");

        await Assert.ThrowsAsync<InjectedFailure>(() => t.Store.RevokeTokenAsync("acme", token.Id, TestStore.Start, Actor.System));

        Assert.Null((await t.Store.FindTokenByHashAsync(token.Hash))!.RevokedAt);
        Assert.DoesNotContain(await t.AuditAsync("acme"), e => e.Action == "token.revoke");
    }

    [Theory]
    [BothEngines]
    public async Task AnyChange_AfterAFailedOne_CommitsNormally(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        FailAt(t, "tenant.create");
        await Assert.ThrowsAsync<InjectedFailure>(() => t.TenantAsync("acme"));
        t.Sql.BeforeAuditWrite = null;

        await t.TenantAsync("acme");

        Assert.Single(await t.AuditAsync("acme"));
    }

    private static void FailAt(TestStore t, string action) =>
        t.Sql.BeforeAuditWrite = a =>
        {
            if (a == action)
            {
                throw new InjectedFailure();
            }
        };

    private sealed class InjectedFailure : Exception
    {
        public InjectedFailure()
            : base("injected by the test")
        {
        }
    }
}
