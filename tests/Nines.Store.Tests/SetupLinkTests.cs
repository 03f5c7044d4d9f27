using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class SetupLinkTests
{
    [Theory]
    [BothEngines]
    public async Task ConsumeSetupLinkAsync_FreshLink_WorksOnceOnly(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var (alice, link) = await CreateLinkAsync(t);

        Assert.Equal(alice, await t.Store.ConsumeSetupLinkAsync(link.Hash, TestStore.Start.AddMinutes(5)));
        Assert.Null(await t.Store.ConsumeSetupLinkAsync(link.Hash, TestStore.Start.AddMinutes(6)));
    }

    [Theory]
    [BothEngines]
    public async Task ConsumeSetupLinkAsync_AtOrAfterExpiry_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var (_, link) = await CreateLinkAsync(t);

        Assert.Null(await t.Store.ConsumeSetupLinkAsync(link.Hash, link.ExpiresAt));
        Assert.Null(await t.Store.ConsumeSetupLinkAsync(link.Hash, link.ExpiresAt.AddDays(1)));
    }

    [Theory]
    [BothEngines]
    public async Task ConsumeSetupLinkAsync_UnknownHash_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await CreateLinkAsync(t);

        Assert.Null(await t.Store.ConsumeSetupLinkAsync(ApiTokens.Hash("not-a-link"), TestStore.Start));
    }

    [Theory]
    [BothEngines]
    public async Task ConsumeSetupLinkAsync_ManyConcurrentRequests_ExactlyOneSucceeds(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var (alice, link) = await CreateLinkAsync(t);
        var other = await t.OpenAnotherAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => (i % 2 == 0 ? t.Store : other).ConsumeSetupLinkAsync(link.Hash, TestStore.Start.AddMinutes(1)))));

        Assert.Equal([alice], results.Where(r => r is not null));
    }

    [Theory]
    [BothEngines]
    public async Task CreateSetupLinkAsync_UnknownUser_Throws(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var link = new SetupLink(ApiTokens.Hash("x"), "0123456789abcdef0123456789abcdef", TestStore.Start, TestStore.Start.AddDays(1), null);

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.CreateSetupLinkAsync("acme", link, Actor.System));

        Assert.Equal("there is no user '0123456789abcdef0123456789abcdef': no set-up link created", e.Message);
    }

    [Theory]
    [BothEngines]
    public async Task CreateSetupLinkAsync_Member_AuditedWithoutTheHash(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var (userId, link) = await CreateLinkAsync(t);

        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user:root", "user.setup_link.create", "user", userId), (entry.Actor, entry.Action, entry.EntityType, entry.EntityId));
        Assert.Contains($"\"user_id\":\"{userId}\"", entry.After, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Hash, entry.After, StringComparison.Ordinal);
    }

    [Theory]
    [BothEngines]
    public async Task CreateSetupLinkAsync_UserOfAnotherTenant_ThrowsAndStoresNothing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        var link = new SetupLink(ApiTokens.Hash(ApiTokens.Generate()), alice.User.Id, TestStore.Start, TestStore.Start.AddDays(1), null);

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.CreateSetupLinkAsync("globex", link, Actor.User("mallory")));

        Assert.Contains("not a member of tenant 'globex'", e.Message, StringComparison.Ordinal);
        Assert.Null(await t.Store.ConsumeSetupLinkAsync(link.Hash, TestStore.Start.AddMinutes(1)));
        Assert.DoesNotContain(await t.AuditAsync("globex"), a => a.Action == "user.setup_link.create");
    }

    private static async Task<(string UserId, SetupLink Link)> CreateLinkAsync(TestStore t)
    {
        await t.TenantAsync("acme");
        var alice = await t.UserAsync("acme", "alice", Role.Admin);
        var link = new SetupLink(ApiTokens.Hash(ApiTokens.Generate()), alice.User.Id, TestStore.Start, TestStore.Start.AddHours(24), UsedAt: null);
        await t.Store.CreateSetupLinkAsync("acme", link, Actor.User("root"));
        return (alice.User.Id, link);
    }
}
