using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class LimitTests
{
    [Theory]
    [BothEngines]
    public async Task SetLimitOverridesAsync_SetThenClear_ReadBackPerTenant(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");

        await t.Store.SetLimitOverridesAsync("acme", new Dictionary<string, long?> { ["samples_per_second"] = 50_000, ["max_active_series"] = 1_000 }, Actor.User("alice"));
        await t.Store.SetLimitOverridesAsync("globex", new Dictionary<string, long?> { ["logs_per_second"] = 10 }, Actor.User("bob"));
        var after = await t.Store.SetLimitOverridesAsync("acme", new Dictionary<string, long?> { ["max_active_series"] = null, ["spans_per_second"] = 0 }, Actor.User("alice"));

        var expected = new Dictionary<string, long> { ["samples_per_second"] = 50_000, ["spans_per_second"] = 0 };
        Assert.Equal(expected, after);
        Assert.Equal(expected, await t.Store.GetLimitOverridesAsync("acme"));
        Assert.Equal(new Dictionary<string, long> { ["logs_per_second"] = 10 }, await t.Store.GetLimitOverridesAsync("globex"));
        var all = await t.Store.ListLimitOverridesAsync();
        Assert.Equal(["acme", "globex"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected, all["acme"]);
    }

    [Theory]
    [BothEngines]
    public async Task SetLimitOverridesAsync_Always_AuditedWithBeforeAndAfter(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.Store.SetLimitOverridesAsync("acme", new Dictionary<string, long?> { ["samples_per_second"] = 5 }, Actor.User("alice"));

        await t.Store.SetLimitOverridesAsync("acme", new Dictionary<string, long?> { ["samples_per_second"] = 7, ["logs_per_second"] = 3 }, Actor.User("carol"));

        var entry = (await t.AuditAsync("acme"))[0];
        Assert.Equal(("user:carol", "tenant.limits.update", "tenant", "acme"), (entry.Actor, entry.Action, entry.EntityType, entry.EntityId));
        Assert.Equal("""{"samples_per_second":5}""", entry.Before);
        Assert.Equal("""{"logs_per_second":3,"samples_per_second":7}""", entry.After);
    }

    [Theory]
    [BothEngines]
    public async Task SetLimitOverridesAsync_UnknownKeyOrNegative_RefusedAndNothingStored(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => t.Store.SetLimitOverridesAsync("acme", new Dictionary<string, long?> { ["samples_per_second"] = 1, ["samples_per_minute"] = 1 }, Actor.Cli));
        var negative = await Assert.ThrowsAsync<ArgumentException>(() => t.Store.SetLimitOverridesAsync("acme", new Dictionary<string, long?> { ["logs_per_second"] = -1 }, Actor.Cli));

        Assert.Contains("'samples_per_minute' is not a limit", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'logs_per_second' must be 0 (unlimited) or positive", negative.Message, StringComparison.Ordinal);
        Assert.Empty(await t.Store.GetLimitOverridesAsync("acme"));
    }

    [Theory]
    [BothEngines]
    public async Task SetLimitOverridesAsync_UnknownTenant_Throws(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        await Assert.ThrowsAsync<StoreException>(() => t.Store.SetLimitOverridesAsync("nobody", new Dictionary<string, long?> { ["logs_per_second"] = 1 }, Actor.Cli));
    }
}
