using Nines.Store.Migrations;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests.Sql;

public sealed class PostgresDialectTests
{
    [Fact]
    public async Task OpenAsync_InvalidConnectionString_ThrowsStoreExceptionNamingTheSetting()
    {
        var options = new StoreOptions { Postgres = "Hots=db.example;Port=5432" };

        var e = await Assert.ThrowsAsync<StoreException>(() => ControlPlaneStore.OpenAsync(options, "unused", TimeProvider.System));

        Assert.StartsWith("store.postgres is not a valid PostgreSQL connection string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsReadyAsync_ServerUnreachable_ReturnsFalse()
    {
        var options = new StoreOptions { Postgres = "Host=127.0.0.1;Port=1;Username=nines;Database=nines;Timeout=2" };
        await using var store = await ControlPlaneStore.OpenAsync(options, "unused", TimeProvider.System);

        Assert.Equal(StoreEngine.Postgres, store.Engine);
        Assert.False(await store.IsReadyAsync());
        var e = await Assert.ThrowsAsync<StoreException>(() => store.ListTenantsAsync());
        Assert.StartsWith("the store at postgresql://127.0.0.1:1/nines failed during tenant.list", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_NewerDatabase_MessageNamesTheDatabaseButNotThePassword()
    {
        await using var t = await TestStore.CreateAsync(StoreEngine.Postgres, configure: o => o.Postgres += ";Password=hunter2-secret");
        await t.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)");

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.MigrateAsync());

        Assert.StartsWith($"the store at postgresql://127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains($"is at schema version 99 but this nines binary knows only up to {SchemaMigrations.Latest}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
