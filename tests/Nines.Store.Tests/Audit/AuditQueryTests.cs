using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests.Audit;

public sealed class AuditQueryTests
{
    [Theory]
    [BothEngines]
    public async Task QueryAuditAsync_NoFilter_ReturnsTheTenantsChangesNewestFirst(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var s = await SeedAsync(t);

        var actions = (await t.Store.QueryAuditAsync(new AuditQuery("acme"))).Select(e => e.Action);

        Assert.Equal(["token.revoke", "token.create", "user.role.set", "user.add", "user.add", "tenant.create"], actions);
        Assert.Equal(s.AllIdsNewestFirst, (await t.Store.QueryAuditAsync(new AuditQuery("acme"))).Select(e => e.Id));
    }

    [Theory]
    [BothEngines]
    public async Task QueryAuditAsync_EachFilter_ReturnsOnlyMatchingEntries(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var s = await SeedAsync(t);

        async Task<string[]> Actions(AuditQuery q) => (await t.Store.QueryAuditAsync(q)).Select(e => e.Action).ToArray();

        Assert.Equal(["token.revoke", "token.create"], await Actions(new AuditQuery("acme", Actor: "user:bob")));
        Assert.Equal(["token.revoke", "token.create"], await Actions(new AuditQuery("acme", EntityType: "token")));
        Assert.Equal(["user.role.set", "user.add"], await Actions(new AuditQuery("acme", EntityId: s.AliceId)));
        Assert.Equal(["user.add", "user.add"], await Actions(new AuditQuery("acme", Action: "user.add")));
        Assert.Equal(["user.role.set"], await Actions(new AuditQuery("acme", Actor: "user:root", EntityType: "user", EntityId: s.AliceId, Action: "user.role.set")));
        Assert.Empty(await Actions(new AuditQuery("acme", Actor: "user:nobody")));
    }

    [Theory]
    [BothEngines]
    public async Task QueryAuditAsync_TimeRange_FromInclusiveToExclusive(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await SeedAsync(t);

        // Seeded one change per minute from Start: tenant, alice, bob, role, token, revoke.
        var range = await t.Store.QueryAuditAsync(new AuditQuery("acme", From: TestStore.Start.AddMinutes(1), To: TestStore.Start.AddMinutes(3)));
        var from = await t.Store.QueryAuditAsync(new AuditQuery("acme", From: TestStore.Start.AddMinutes(4)));
        var to = await t.Store.QueryAuditAsync(new AuditQuery("acme", To: TestStore.Start.AddMinutes(1)));

        Assert.Equal([TestStore.Start.AddMinutes(2), TestStore.Start.AddMinutes(1)], range.Select(e => e.At));
        Assert.Equal(["token.revoke", "token.create"], from.Select(e => e.Action));
        Assert.Equal(["tenant.create"], to.Select(e => e.Action));
    }

    [Theory]
    [BothEngines]
    public async Task QueryAuditAsync_BeforeIdPages_WalkTheWholeLogOnce(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var s = await SeedAsync(t);

        var seen = new List<long>();
        long? before = null;
        while (true)
        {
            var page = await t.Store.QueryAuditAsync(new AuditQuery("acme", BeforeId: before, Limit: 4));
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 4);
            seen.AddRange(page.Select(e => e.Id));
            before = page[^1].Id;
        }

        Assert.Equal(s.AllIdsNewestFirst, seen);
    }

    [Theory]
    [BothEngines]
    public async Task QueryAuditAsync_LimitOutOfRange_ClampedToOneAndThousand(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.ExecuteAsync(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1100)
            INSERT INTO audit_log (tenant_id, at, actor, action, entity_type, entity_id, before_json, after_json)
            SELECT 'acme', i, 'system', 'test.bulk', 'test', CAST(i AS TEXT), NULL, NULL FROM n
            """);

        Assert.Single(await t.Store.QueryAuditAsync(new AuditQuery("acme", Limit: 0)));
        Assert.Single(await t.Store.QueryAuditAsync(new AuditQuery("acme", Limit: -5)));
        Assert.Equal(1000, (await t.Store.QueryAuditAsync(new AuditQuery("acme", Limit: 5000))).Count);
        Assert.Equal(3, (await t.Store.QueryAuditAsync(new AuditQuery("acme", Limit: 3))).Count);
    }

    private static async Task<Seeded> SeedAsync(TestStore t)
    {
        await t.Store.CreateTenantAsync("acme", "Acme", Actor.Cli);
        await t.Store.CreateTenantAsync("globex", "Globex", Actor.Cli);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        var alice = await t.Store.AddUserAsync("acme", "alice", null, null, Role.Viewer, Actor.User("root"));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Store.AddUserAsync("acme", "bob", null, null, Role.Admin, Actor.User("root"));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Store.SetRoleAsync("acme", alice.User.Id, Role.Editor, Actor.User("root"));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        var token = await t.Store.CreateTokenAsync(t.NewToken("acme", "ci"), Actor.User("bob"));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Store.RevokeTokenAsync("acme", token.Id, t.Time.GetUtcNow(), Actor.User("bob"));

        // Another tenant's changes, interleaved, must never show up in acme's log.
        await t.Store.AddUserAsync("globex", "mallory", null, null, Role.Admin, Actor.User("bob"));

        var all = await t.Store.QueryAuditAsync(new AuditQuery("acme", Limit: 1000));
        return new Seeded(alice.User.Id, all.Select(e => e.Id).ToArray());
    }

    private sealed record Seeded(string AliceId, long[] AllIdsNewestFirst);
}
