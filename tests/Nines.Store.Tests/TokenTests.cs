using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class TokenTests
{
    [Theory]
    [BothEngines]
    public async Task CreateTokenAsync_NewToken_FoundByHashByIdAndInTheList(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var secret = ApiTokens.Generate();

        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci-deploy", Role.Editor, ApiTokens.Hash(secret)), Actor.User("alice"));

        Assert.True(Ids.IsWellFormed(token.Id));
        Assert.Equal(
            new ApiToken(token.Id, "acme", "ci-deploy", Role.Editor, true, ApiTokens.Hash(secret), "user:alice", TestStore.Start, TestStore.Start.AddDays(90), null, null),
            token);
        Assert.Equal(token, await t.Store.FindTokenByHashAsync(ApiTokens.Hash(secret)));
        Assert.Equal(token, await t.Store.GetTokenAsync("acme", token.Id));
        Assert.Equal([token], await t.Store.ListTokensAsync("acme"));
    }

    [Theory]
    [BothEngines]
    public async Task CreateTokenAsync_GivenId_KeepsIt(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var id = Ids.New(t.Time);

        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "scraper") with { Id = id, Ingest = false }, Actor.Cli);

        Assert.Equal(id, token.Id);
        Assert.False((await t.Store.GetTokenAsync("acme", id))!.Ingest);
    }

    [Theory]
    [BothEngines]
    public async Task CreateTokenAsync_Always_AuditedWithoutTheHash(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var draft = t.NewToken("acme", "ci-deploy", Role.Responder);

        var token = await t.Store.CreateTokenAsync(draft, Actor.User("alice"));

        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user:alice", "token.create", "token", token.Id, (string?)null), (entry.Actor, entry.Action, entry.EntityType, entry.EntityId, entry.Before));
        Assert.Equal(
            $$"""{"id":"{{token.Id}}","name":"ci-deploy","role":"responder","ingest":true,"created_by":"user:alice","expires_at":"2025-05-30T12:00:00.000Z","revoked_at":null}""",
            entry.After);
        Assert.DoesNotContain(draft.Hash, entry.After, StringComparison.Ordinal);
    }

    [Theory]
    [BothEngines]
    public async Task CreateTokenAsync_SameSecretTwice_ThrowsConflictAndKeepsTheFirst(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var first = await t.Store.CreateTokenAsync(t.NewToken("acme", "first"), Actor.System);

        var e = await Assert.ThrowsAsync<StoreConflictException>(
            () => t.Store.CreateTokenAsync(t.NewToken("globex", "second", hash: first.Hash), Actor.System));

        Assert.Contains("token 'second' was not stored", e.Message, StringComparison.Ordinal);
        Assert.Equal(first, await t.Store.FindTokenByHashAsync(first.Hash));
        Assert.Empty(await t.Store.ListTokensAsync("globex"));
        Assert.DoesNotContain(await t.AuditAsync("globex"), x => x.Action == "token.create");
    }

    [Theory]
    [BothEngines]
    public async Task CreateTokenAsync_UnknownTenant_ThrowsAndStoresNothing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var draft = t.NewToken("nowhere", "ci");

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.CreateTokenAsync(draft, Actor.System));

        Assert.Equal("there is no tenant 'nowhere'", e.Message);
        Assert.Null(await t.Store.FindTokenByHashAsync(draft.Hash));
    }

    [Theory]
    [BothEngines]
    public async Task ListTokensAsync_SeveralTokens_NewestFirst(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        foreach (var name in new[] { "oldest", "middle", "newest" })
        {
            await t.Store.CreateTokenAsync(t.NewToken("acme", name), Actor.System);
            t.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var names = (await t.Store.ListTokensAsync("acme")).Select(x => x.Name);

        Assert.Equal(["newest", "middle", "oldest"], names);
    }

    [Theory]
    [BothEngines]
    public async Task RevokeTokenAsync_ActiveToken_SetsRevokedAtAndAudits(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);
        var at = TestStore.Start.AddDays(1);

        Assert.True(await t.Store.RevokeTokenAsync("acme", token.Id, at, Actor.User("alice")));

        Assert.Equal(at, (await t.Store.FindTokenByHashAsync(token.Hash))!.RevokedAt);
        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user:alice", "token.revoke", token.Id), (entry.Actor, entry.Action, entry.EntityId));
        Assert.Contains("\"revoked_at\":null", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"revoked_at\":\"2025-03-02T12:00:00.000Z\"", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Hash, entry.Before + entry.After, StringComparison.Ordinal);
    }

    [Theory]
    [BothEngines]
    public async Task RevokeTokenAsync_Twice_SecondIsNoOpThatReturnsTrue(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);
        await t.Store.RevokeTokenAsync("acme", token.Id, TestStore.Start.AddDays(1), Actor.System);

        Assert.True(await t.Store.RevokeTokenAsync("acme", token.Id, TestStore.Start.AddDays(2), Actor.System));

        Assert.Equal(TestStore.Start.AddDays(1), (await t.Store.GetTokenAsync("acme", token.Id))!.RevokedAt);
        Assert.Single(await t.AuditAsync("acme"), x => x.Action == "token.revoke");
    }

    [Theory]
    [BothEngines]
    public async Task RevokeTokenAsync_ConcurrentRevokes_AuditedOnce(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);
        var other = await t.OpenAnotherAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => (i % 2 == 0 ? t.Store : other).RevokeTokenAsync("acme", token.Id, TestStore.Start.AddMinutes(i), Actor.User("u" + i)))));

        Assert.All(results, Assert.True);
        Assert.Single(await t.AuditAsync("acme"), x => x.Action == "token.revoke");
    }

    [Theory]
    [BothEngines]
    public async Task RevokeTokenAsync_NoSuchToken_ReturnsFalse(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        Assert.False(await t.Store.RevokeTokenAsync("acme", Ids.New(t.Time), TestStore.Start, Actor.System));
    }

    [Theory]
    [BothEngines]
    public async Task TouchTokenAsync_LaterThenEarlier_KeepsTheLatestUse(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);
        var entries = (await t.AuditAsync("acme")).Count;

        await t.Store.TouchTokenAsync(token.Id, TestStore.Start.AddMinutes(10));
        await t.Store.TouchTokenAsync(token.Id, TestStore.Start.AddMinutes(5));

        Assert.Equal(TestStore.Start.AddMinutes(10), (await t.Store.GetTokenAsync("acme", token.Id))!.LastUsedAt);
        Assert.Equal(entries, (await t.AuditAsync("acme")).Count);
    }

    [Theory]
    [BothEngines]
    public async Task FindTokenByHashAsync_UnknownHash_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.System);

        Assert.Null(await t.Store.FindTokenByHashAsync(ApiTokens.Hash(ApiTokens.Generate())));
    }
}
