using Nines.Core.Tenancy;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class TenantTests
{
    [Theory]
    [BothEngines]
    public async Task CreateTenantAsync_NewId_CanBeReadAndListedById(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        var globex = await t.Store.CreateTenantAsync("globex", "Globex Corp", Actor.Cli);
        var acme = await t.Store.CreateTenantAsync("acme", "Acme Inc", Actor.Cli);

        Assert.Equal(new Tenant("acme", "Acme Inc", TestStore.Start), acme);
        Assert.Equal(acme, await t.Store.GetTenantAsync("acme"));
        Assert.Equal([acme, globex], await t.Store.ListTenantsAsync());
    }

    [Theory]
    [BothEngines]
    public async Task ListTenantsAsync_IdsWithPunctuation_SortedBytewiseOnBothEngines(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        foreach (var id in new[] { "b", "a_b", "a-b", "a1", "ab" })
        {
            await t.TenantAsync(id);
        }

        var ids = (await t.Store.ListTenantsAsync()).Select(x => x.Id);

        Assert.Equal(["a-b", "a1", "a_b", "ab", "b"], ids);
    }

    [Theory]
    [BothEngines]
    public async Task CreateTenantAsync_DuplicateId_ThrowsConflictAndKeepsTheOriginal(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.Store.CreateTenantAsync("acme", "Acme Inc", Actor.Cli);

        var e = await Assert.ThrowsAsync<StoreConflictException>(() => t.Store.CreateTenantAsync("acme", "Impostor", Actor.Cli));

        Assert.Equal("a tenant with id 'acme' already exists", e.Message);
        Assert.Equal("Acme Inc", (await t.Store.GetTenantAsync("acme"))!.Name);
        Assert.Single(await t.AuditAsync("acme"));
    }

    [Theory]
    [BothEngines]
    public async Task CreateTenantAsync_InvalidId_ThrowsWithTheRuleAndCreatesNothing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => t.Store.CreateTenantAsync("Acme Inc", "Acme", Actor.Cli));

        Assert.Contains(TenantId.Rule, e.Message, StringComparison.Ordinal);
        Assert.Empty(await t.Store.ListTenantsAsync());
    }

    [Theory]
    [BothEngines]
    public async Task GetTenantAsync_Missing_ReturnsNull(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        Assert.Null(await t.Store.GetTenantAsync("globex"));
    }

    [Theory]
    [BothEngines]
    public async Task CreateTenantAsync_Always_AuditedAsFirstEntryOfTheNewTenant(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("globex");

        await t.Store.CreateTenantAsync("acme", "Acme Inc", Actor.Cli);

        var entry = Assert.Single(await t.AuditAsync("acme"));
        Assert.Equal(
            new AuditEntry(entry.Id, "acme", TestStore.Start, "cli", "tenant.create", "tenant", "acme", null, """{"id":"acme","name":"Acme Inc"}"""),
            entry);
        Assert.DoesNotContain(await t.AuditAsync("globex"), e => e.EntityId == "acme");
    }
}
