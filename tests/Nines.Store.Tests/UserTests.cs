using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class UserTests
{
    private const string AliceHash = "$pbkdf2$alice-secret-hash";

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_NewName_CreatesUserWithMembership(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        var added = await t.Store.AddUserAsync("acme", "alice", "Alice Liddell", AliceHash, Role.Editor, Actor.User("root"));

        var expected = new User(added.User.Id, "alice", "Alice Liddell", AliceHash, Disabled: false, TestStore.Start, LastLoginAt: null);
        Assert.True(Nines.Core.Identifiers.Ids.IsWellFormed(added.User.Id));
        Assert.Equal(new TenantUser(expected, Role.Editor), added);
        Assert.Equal(expected, await t.Store.GetUserAsync(added.User.Id));
        Assert.Equal(added, await t.Store.GetTenantUserAsync("acme", added.User.Id));
        Assert.Equal([added], await t.Store.ListUsersAsync("acme"));
        Assert.Equal([new Membership(added.User.Id, "acme", Role.Editor)], await t.Store.ListMembershipsAsync(added.User.Id));
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_NewName_AuditedWithSnapshotWithoutPasswordHash(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        var added = await t.Store.AddUserAsync("acme", "alice", "Alice", AliceHash, Role.Editor, Actor.User("root"));

        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user:root", "user.add", "user", added.User.Id), (entry.Actor, entry.Action, entry.EntityType, entry.EntityId));
        Assert.Null(entry.Before);
        Assert.Equal(
            $$"""{"id":"{{added.User.Id}}","username":"alice","display_name":"Alice","role":"editor","disabled":false,"has_password":true}""",
            entry.After);
        Assert.DoesNotContain("pbkdf2", entry.After, StringComparison.Ordinal);
    }

    [Theory]
    [BothEngines]
    public async Task FindUserByNameAsync_DifferentCase_FindsTheUser(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "Alice");

        Assert.Equal(alice.User, await t.Store.FindUserByNameAsync("aLICE"));
        Assert.Null(await t.Store.FindUserByNameAsync("bob"));
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_NameExistsInAnotherTenant_AddsMembershipToTheSameUser(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var original = await t.Store.AddUserAsync("acme", "Alice", "Alice", AliceHash, Role.Admin, Actor.System);

        var joined = await t.Store.AddUserAsync("globex", "alice", "Someone Else", "$pbkdf2$globex-chosen", Role.Viewer, Actor.User("globex-admin"));

        // Another tenant's admin must not rename the user or take over their login.
        Assert.Equal(new TenantUser(original.User, Role.Viewer), joined);
        Assert.Equal(AliceHash, (await t.Store.GetUserAsync(original.User.Id))!.PasswordHash);
        Assert.Equal(
            [new Membership(original.User.Id, "acme", Role.Admin), new Membership(original.User.Id, "globex", Role.Viewer)],
            await t.Store.ListMembershipsAsync(original.User.Id));
        var entry = (await t.AuditAsync("globex"))[0];
        Assert.Equal(("user:globex-admin", "user.membership.add", original.User.Id), (entry.Actor, entry.Action, entry.EntityId));
        Assert.Contains("\"role\":\"viewer\"", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(await t.AuditAsync("acme"), e => e.Action == "user.membership.add");
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_SameNewNameInTwoTenantsAtOnce_OneUserWithBothMemberships(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var other = await t.OpenAnotherAsync();

        var added = await Task.WhenAll(
            Task.Run(() => t.Store.AddUserAsync("acme", "alice", null, null, Role.Admin, Actor.System)),
            Task.Run(() => other.AddUserAsync("globex", "Alice", null, null, Role.Viewer, Actor.System)));

        Assert.Equal(added[0].User.Id, added[1].User.Id);
        Assert.Equal(1, await t.CountAsync("users"));
        Assert.Equal(2, (await t.Store.ListMembershipsAsync(added[0].User.Id)).Count);
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_AlreadyMember_ThrowsConflictNamingUserAndTenant(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", Role.Admin);
        var auditBefore = (await t.AuditAsync("acme")).Count;

        var e = await Assert.ThrowsAsync<StoreConflictException>(() => t.UserAsync("acme", "ALICE", Role.Viewer));

        Assert.Equal("a user named 'alice' is already a member of tenant 'acme'", e.Message);
        Assert.Equal(Role.Admin, (await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.Role);
        Assert.Equal(auditBefore, (await t.AuditAsync("acme")).Count);
        Assert.Equal(1, await t.CountAsync("users"));
    }

    [Theory]
    [BothEngines]
    public async Task AddUserAsync_UnknownTenant_ThrowsAndCreatesNoUser(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        var e = await Assert.ThrowsAsync<StoreException>(() => t.UserAsync("nowhere", "alice"));

        Assert.Equal("there is no tenant 'nowhere'", e.Message);
        Assert.Null(await t.Store.FindUserByNameAsync("alice"));
    }

    [Theory]
    [BothEngines]
    public async Task ListUsersAsync_SeveralMembers_SortedByNameIgnoringCase(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.UserAsync("acme", "carol");
        await t.UserAsync("acme", "Bob");
        await t.UserAsync("acme", "alice");

        var names = (await t.Store.ListUsersAsync("acme")).Select(u => u.User.Username);

        Assert.Equal(["alice", "Bob", "carol"], names);
    }

    [Theory]
    [BothEngines]
    public async Task SetRoleAsync_Member_ChangesRoleAndAuditsBeforeAndAfter(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", Role.Viewer, AliceHash);
        t.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await t.Store.SetRoleAsync("acme", alice.User.Id, Role.Admin, Actor.User("root")));

        Assert.Equal(Role.Admin, (await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.Role);
        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user.role.set", "user:root", TestStore.Start.AddMinutes(5)), (entry.Action, entry.Actor, entry.At));
        Assert.Contains("\"role\":\"viewer\"", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"admin\"", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(AliceHash, entry.Before + entry.After, StringComparison.Ordinal);
    }

    [Theory]
    [BothEngines]
    public async Task SetRoleAsync_SameRole_ReturnsTrueWithoutAnAuditEntry(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", Role.Editor);
        var entries = (await t.AuditAsync("acme")).Count;

        Assert.True(await t.Store.SetRoleAsync("acme", alice.User.Id, Role.Editor, Actor.System));

        Assert.Equal(entries, (await t.AuditAsync("acme")).Count);
    }

    [Theory]
    [BothEngines]
    public async Task SetRoleAsync_NoSuchUser_ReturnsFalse(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        Assert.False(await t.Store.SetRoleAsync("acme", "0123456789abcdef0123456789abcdef", Role.Admin, Actor.System));
    }

    [Theory]
    [BothEngines]
    public async Task SetUserDisabledAsync_Disable_BlocksUserInThatTenantOnly_RevokesThoseSessionsAndAudits(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        await t.UserAsync("globex", "alice");
        var bob = await t.UserAsync("acme", "bob");
        var inAcme = t.NewSession(alice.User.Id, "acme");
        var inGlobex = t.NewSession(alice.User.Id, "globex");
        var bobs = t.NewSession(bob.User.Id, "acme");
        foreach (var session in new[] { inAcme, inGlobex, bobs })
        {
            await t.Store.CreateSessionAsync(session);
        }

        t.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await t.Store.SetUserDisabledAsync("acme", alice.User.Id, disabled: true, Actor.User("root")));

        // An admin of acme locks alice out of acme, and nothing else: globex is not acme's to police.
        Assert.True((await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.User.Disabled);
        Assert.False((await t.Store.GetTenantUserAsync("globex", alice.User.Id))!.User.Disabled);
        Assert.Equal([new Membership(alice.User.Id, "globex", Role.Viewer)], await t.Store.ListMembershipsAsync(alice.User.Id));
        Assert.Equal(TestStore.Start.AddMinutes(1), (await t.Store.GetSessionAsync(inAcme.Id))!.RevokedAt);
        Assert.Null((await t.Store.GetSessionAsync(inGlobex.Id))!.RevokedAt);
        Assert.Null((await t.Store.GetSessionAsync(bobs.Id))!.RevokedAt);
        await Assert.ThrowsAsync<StoreException>(() => t.Store.CreateSessionAsync(t.NewSession(alice.User.Id, "acme")));
        await t.Store.CreateSessionAsync(t.NewSession(alice.User.Id, "globex"));
        Assert.False(await t.Store.SwitchSessionTenantAsync(inGlobex.Id, "acme"));
        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user.disable", "user", alice.User.Id), (entry.Action, entry.EntityType, entry.EntityId));
        Assert.Contains("\"disabled\":false", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"disabled\":true", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(await t.AuditAsync("globex"), e => e.Action == "user.disable");
    }

    [Theory]
    [BothEngines]
    public async Task SetUserDisabledAsync_Enable_LetsUserBackInAndAudits(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice");
        await t.Store.SetUserDisabledAsync("acme", alice.User.Id, disabled: true, Actor.System);

        Assert.True(await t.Store.SetUserDisabledAsync("acme", alice.User.Id, disabled: false, Actor.User("root")));

        Assert.False((await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.User.Disabled);
        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user.enable", "user:root"), (entry.Action, entry.Actor));
        Assert.Contains("\"disabled\":true", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"disabled\":false", entry.After, StringComparison.Ordinal);
        await t.Store.CreateSessionAsync(t.NewSession(alice.User.Id, "acme"));
    }

    [Theory]
    [BothEngines]
    public async Task SetPasswordHashAsync_Member_StoresHashAndAuditsOnlyThatOneIsSet(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", passwordHash: null);

        Assert.True(await t.Store.SetPasswordHashAsync("acme", alice.User.Id, AliceHash, Actor.User("alice")));

        Assert.Equal(AliceHash, (await t.Store.FindUserByNameAsync("alice"))!.PasswordHash);
        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal("user.password.set", entry.Action);
        Assert.Contains("\"has_password\":false", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"has_password\":true", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", entry.Before + entry.After, StringComparison.Ordinal);
    }

    [Theory]
    [BothEngines]
    public async Task SetPasswordHashAsync_NoSuchUser_ReturnsFalse(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        Assert.False(await t.Store.SetPasswordHashAsync("acme", "0123456789abcdef0123456789abcdef", AliceHash, Actor.System));
    }

    [Theory]
    [BothEngines]
    public async Task RecordLoginAsync_User_SetsLastLoginAtWithoutAuditing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice");
        var entries = (await t.AuditAsync("acme")).Count;
        var at = TestStore.Start.AddHours(3).AddTicks(12345);

        await t.Store.RecordLoginAsync(alice.User.Id, at);

        Assert.Equal(TestStore.Start.AddHours(3).AddMilliseconds(1), (await t.Store.GetUserAsync(alice.User.Id))!.LastLoginAt);
        Assert.Equal(entries, (await t.AuditAsync("acme")).Count);
    }

    [Theory]
    [BothEngines]
    public async Task GetUserAsync_Missing_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        Assert.Null(await t.Store.GetUserAsync("0123456789abcdef0123456789abcdef"));
        Assert.Empty(await t.Store.ListMembershipsAsync("0123456789abcdef0123456789abcdef"));
    }
}
