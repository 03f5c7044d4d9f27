using Microsoft.Data.Sqlite;
using Nines.Store.Model;
using Nines.Store.Sql;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests.Sql;

public sealed class SqliteDialectTests
{
    [Fact]
    public async Task OpenAsync_NewDataDirectory_CreatesItAndTheFileInWalMode()
    {
        await using var t = await TestStore.CreateAsync(StoreEngine.Sqlite);
        var path = Path.Combine(t.DataDirectory, SqliteDialect.FileName);

        Assert.True(File.Exists(path));

        // A connection of its own, as another process or the sqlite3 shell would see the file.
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenAsync_EveryConnection_EnforcesForeignKeysAndBusyTimeout()
    {
        await using var t = await TestStore.CreateAsync(StoreEngine.Sqlite, configure: o => o.BusyTimeout = TimeSpan.FromMilliseconds(2500));

        Assert.Equal(1L, await t.ScalarAsync("PRAGMA foreign_keys"));
        Assert.Equal(2500L, await t.ScalarAsync("PRAGMA busy_timeout"));
        var e = await Assert.ThrowsAsync<SqliteException>(() => t.ExecuteAsync(
            "INSERT INTO memberships (user_id, tenant_id, role, created_at) VALUES ('nobody', 'nowhere', 'admin', 0)"));
        Assert.Contains("FOREIGN KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DataDirectoryIsAFile_ThrowsStoreExceptionNamingIt()
    {
        var file = Path.GetTempFileName();
        try
        {
            var e = await Assert.ThrowsAsync<StoreException>(() => ControlPlaneStore.OpenAsync(new StoreOptions(), file, TimeProvider.System));

            Assert.StartsWith($"cannot create the data directory '{file}'", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Writes_FromASecondStoreOnTheSameFileAtTheSameTime_AllCommit()
    {
        await using var t = await TestStore.CreateAsync(StoreEngine.Sqlite);
        await t.TenantAsync("acme");
        var cli = await t.OpenAnotherAsync(t.CopyOptions(_ => { }));

        // The server adds users while a CLI process creates tokens, on separate threads and connections.
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await t.Store.AddUserAsync("acme", $"user{i}", null, null, Core.Security.Role.Viewer, Actor.System);
            }
        });
        var tokens = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await cli.CreateTokenAsync(t.NewToken("acme", $"token{i}"), Actor.Cli);
            }
        });
        await Task.WhenAll(server, tokens);

        Assert.Equal(40, (await cli.ListUsersAsync("acme")).Count);
        Assert.Equal(40, (await t.Store.ListTokensAsync("acme")).Count);
        Assert.Equal(81, (await t.AuditAsync("acme")).Count);
    }

    [Fact]
    public async Task Write_WhileAnotherProcessReads_DoesNotWait()
    {
        await using var t = await TestStore.CreateAsync(StoreEngine.Sqlite);
        await t.TenantAsync("acme");
        var cli = await t.OpenAnotherAsync(t.CopyOptions(o => o.BusyTimeout = TimeSpan.FromMilliseconds(200)));
        await using var reader = await t.OpenConnectionAsync();
        await using var snapshot = ((SqliteConnection)reader).BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT COUNT(*) FROM tenants";
            Assert.Equal(1L, await read.ExecuteScalarAsync());
        }

        await cli.CreateTenantAsync("globex", "Globex", Actor.Cli);

        Assert.NotNull(await t.Store.GetTenantAsync("globex"));
    }

    [Fact]
    public async Task Write_LockHeldLongerThanBusyTimeout_ThrowsStoreExceptionNamingTheSetting()
    {
        await using var t = await TestStore.CreateAsync(StoreEngine.Sqlite);
        var cli = await t.OpenAnotherAsync(t.CopyOptions(o => o.BusyTimeout = TimeSpan.FromSeconds(1)));
        await using (var holder = await t.OpenConnectionAsync())
        await using (await t.Sql.Dialect.BeginWriteAsync(holder, CancellationToken.None))
        {
            var e = await Assert.ThrowsAsync<StoreException>(() => cli.CreateTenantAsync("acme", "Acme", Actor.Cli));

            Assert.Contains("store.busyTimeout", e.Message, StringComparison.Ordinal);
        }

        await cli.CreateTenantAsync("acme", "Acme", Actor.Cli);
        Assert.NotNull(await t.Store.GetTenantAsync("acme"));
    }
}
