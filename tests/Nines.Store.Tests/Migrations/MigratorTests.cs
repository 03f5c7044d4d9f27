using System.Data.Common;
using Nines.Store.Migrations;
using Nines.Store.Model;
using Nines.Store.Sql;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests.Migrations;

public sealed class MigratorTests
{
    private static readonly string[] AllLabels = SchemaMigrations.All.Select(m => m.Label).ToArray();

    [Theory]
    [BothEngines]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryMigrationAndBecomesReady(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine, migrate: false);
        Assert.Equal(0, await t.Store.GetSchemaVersionAsync());
        Assert.False(await t.Store.IsReadyAsync());

        var result = await t.Store.MigrateAsync();

        Assert.Equal(0, result.FromVersion);
        Assert.Equal(SchemaMigrations.Latest, result.ToVersion);
        Assert.Equal(AllLabels, result.Applied);
        Assert.Equal(SchemaMigrations.Latest, await t.Store.GetSchemaVersionAsync());
        Assert.True(await t.Store.IsReadyAsync());
        Assert.Equal(SchemaMigrations.All.Count, await t.CountAsync("schema_migrations"));
        Assert.Equal(TestStore.Start.ToUnixTimeMilliseconds(), Convert.ToInt64(await t.ScalarAsync("SELECT MIN(applied_at) FROM schema_migrations")));
        Assert.Equal("acme", (await t.TenantAsync("acme")).Id);
    }

    [Theory]
    [BothEngines]
    public async Task MigrateAsync_FromVersion1_GlobalDisableBecomesPerTenantDisable(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        await t.TenantAsync("globex");
        var alice = await t.UserAsync("acme", "alice");
        await t.UserAsync("globex", "alice");
        var bob = await t.UserAsync("acme", "bob");

        // Turn the database back into a version-1 one in which alice was disabled (globally, as v1 did).
        var yes = engine == StoreEngine.Sqlite ? "1" : "TRUE";
        await t.ExecuteAsync("DROP TABLE tenant_limits");
        await t.ExecuteAsync("DROP INDEX ix_sessions_user_tenant");
        await t.ExecuteAsync("ALTER TABLE memberships DROP COLUMN disabled");
        await t.ExecuteAsync("DELETE FROM schema_migrations WHERE version >= 2");
        await t.ExecuteAsync($"UPDATE users SET disabled = {yes} WHERE id = '{alice.User.Id}'");

        var result = await t.Store.MigrateAsync();

        Assert.Equal((1, SchemaMigrations.Latest), (result.FromVersion, result.ToVersion));
        Assert.True((await t.Store.GetTenantUserAsync("acme", alice.User.Id))!.User.Disabled);
        Assert.True((await t.Store.GetTenantUserAsync("globex", alice.User.Id))!.User.Disabled);
        Assert.False((await t.Store.GetTenantUserAsync("acme", bob.User.Id))!.User.Disabled);
        Assert.Empty(await t.Store.ListMembershipsAsync(alice.User.Id));
        Assert.False((await t.Store.GetUserAsync(alice.User.Id))!.Disabled);
    }

    [Theory]
    [BothEngines]
    public async Task MigrateAsync_Twice_SecondChangesNothing(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");

        var second = await t.Store.MigrateAsync();

        Assert.Equal(SchemaMigrations.Latest, second.FromVersion);
        Assert.Equal(SchemaMigrations.Latest, second.ToVersion);
        Assert.Empty(second.Applied);
        Assert.Equal(SchemaMigrations.All.Count, await t.CountAsync("schema_migrations"));
        Assert.NotNull(await t.Store.GetTenantAsync("acme"));
    }

    [Theory]
    [BothEngines]
    public async Task MigrateAsync_DatabaseNewerThanBinary_RefusedWithUpgradeAdvice(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        await t.TenantAsync("acme");
        var future = SchemaMigrations.Latest + 6;
        await t.ExecuteAsync($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({future}, 'from_the_future', 0)");

        var e = await Assert.ThrowsAsync<StoreException>(() => t.Store.MigrateAsync());

        Assert.Equal(
            $"the store at {t.Sql.Dialect.Location} is at schema version {future} but this nines binary knows only up to {SchemaMigrations.Latest}; " +
            "upgrade nines (or restore a backup made by this version)",
            e.Message);
        Assert.False(await t.Store.IsReadyAsync());
        Assert.Equal(future, await t.Store.GetSchemaVersionAsync());
        Assert.NotNull(await t.Store.GetTenantAsync("acme"));
    }

    [Theory]
    [BothEngines]
    public async Task MigrateAsync_TwoStoresAtOnce_BothSucceedAndEachMigrationRunsOnce(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine, migrate: false);
        var other = await t.OpenAnotherAsync();

        var results = await Task.WhenAll(
            Task.Run(() => t.Store.MigrateAsync()),
            Task.Run(() => other.MigrateAsync()));

        Assert.All(results, r => Assert.Equal(SchemaMigrations.Latest, r.ToVersion));
        Assert.Equal(AllLabels, results.SelectMany(r => r.Applied).Order(StringComparer.Ordinal));
        Assert.Equal(SchemaMigrations.All.Count, await t.CountAsync("schema_migrations"));
        Assert.True(await other.IsReadyAsync());
    }

    [Theory]
    [BothEngines]
    public async Task MigrateAsync_AnotherProcessHoldsTheLockTooLong_FailsNamingTheSetting(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine, migrate: false);
        var impatient = await t.OpenAnotherAsync(t.CopyOptions(o => o.MigrationLockTimeout = TimeSpan.FromSeconds(1)));

        await using (var holder = await t.OpenConnectionAsync())
        {
            await using var held = await HoldMigrationLockAsync(t, holder);

            var e = await Assert.ThrowsAsync<StoreException>(() => impatient.MigrateAsync());

            Assert.Contains("store.migrationLockTimeout", e.Message, StringComparison.Ordinal);
            Assert.Contains(t.Sql.Dialect.Location, e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(SchemaMigrations.Latest, (await impatient.MigrateAsync()).ToVersion);
    }

    [Theory]
    [BothEngines]
    public async Task IsReadyAsync_MigratedStore_TrueForAnotherInstance(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);

        var other = await t.OpenAnotherAsync();

        Assert.True(await other.IsReadyAsync());
        Assert.Equal(engine, other.Engine);
    }

    // Takes what another migrating process would hold: PostgreSQL's advisory lock, SQLite's write lock.
    private static async Task<IAsyncDisposable> HoldMigrationLockAsync(TestStore t, DbConnection connection)
    {
        if (t.Engine == StoreEngine.Postgres)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_lock({PostgresDialect.MigrationLockKey})";
            await command.ExecuteNonQueryAsync();
            return new PostgresAdvisoryLock(connection, PostgresDialect.MigrationLockKey);
        }

        return await t.Sql.Dialect.BeginWriteAsync(connection, CancellationToken.None);
    }
}
