using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using Nines.Core.Security;
using Nines.Store.Model;
using Nines.Testing;

namespace Nines.Store.Tests.Infrastructure;

// A fresh store for one test: an SQLite file in its own temporary directory, or a database of its
// own on the test PostgreSQL server, dropped when the test ends.
internal sealed class TestStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IControlPlaneStore> opened = [];
    private readonly string? postgresDatabase;

    private TestStore(StoreEngine engine, StoreOptions options, string dataDirectory, string? postgresDatabase)
    {
        Engine = engine;
        Options = options;
        DataDirectory = dataDirectory;
        this.postgresDatabase = postgresDatabase;
    }

    public StoreEngine Engine { get; }

    public StoreOptions Options { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public IControlPlaneStore Store { get; private set; } = null!;

    // The implementation, for its test hook and raw connections.
    public SqlControlPlaneStore Sql => (SqlControlPlaneStore)Store;

    public static async Task<TestStore> CreateAsync(StoreEngine engine, bool migrate = true, Action<StoreOptions>? configure = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "nines-store-tests", Guid.NewGuid().ToString("N"));
        var options = new StoreOptions { BusyTimeout = TimeSpan.FromSeconds(10), MigrationLockTimeout = TimeSpan.FromSeconds(30) };
        string? database = null;
        if (engine == StoreEngine.Postgres)
        {
            (database, options.Postgres) = await TestPostgres.CreateDatabaseAsync();
        }

        configure?.Invoke(options);
        var test = new TestStore(engine, options, dataDirectory, database);
        try
        {
            test.Store = await test.OpenAnotherAsync();
            if (migrate)
            {
                await test.Store.MigrateAsync();
            }
        }
        catch
        {
            await test.DisposeAsync();
            throw;
        }

        return test;
    }

    // Another store on the same database, as a second replica or a CLI process would open it.
    public async Task<IControlPlaneStore> OpenAnotherAsync(StoreOptions? options = null)
    {
        var store = await ControlPlaneStore.OpenAsync(options ?? Options, DataDirectory, Time);
        opened.Add(store);
        return store;
    }

    // A copy of the options, to open another store with different timeouts.
    public StoreOptions CopyOptions(Action<StoreOptions> change)
    {
        var copy = new StoreOptions { Postgres = Options.Postgres, BusyTimeout = Options.BusyTimeout, MigrationLockTimeout = Options.MigrationLockTimeout };
        change(copy);
        return copy;
    }

    // A raw connection opened the way the store opens its own.
    public async Task<DbConnection> OpenConnectionAsync() => await Sql.Dialect.OpenAsync(CancellationToken.None);

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string table) => Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM {table}"));

    // ---- seeding ----

    public Task<Tenant> TenantAsync(string id) => Store.CreateTenantAsync(id, char.ToUpperInvariant(id[0]) + id[1..], Actor.System);

    public Task<TenantUser> UserAsync(string tenantId, string username, Role role = Role.Viewer, string? passwordHash = null) =>
        Store.AddUserAsync(tenantId, username, username + " Example", passwordHash, role, Actor.System);

    public ApiToken NewToken(string tenantId, string name, Role role = Role.Editor, string? hash = null) => new(
        Id: string.Empty,
        TenantId: tenantId,
        Name: name,
        Role: role,
        Ingest: true,
        Hash: hash ?? ApiTokens.Hash(ApiTokens.Generate()),
        CreatedBy: "user:alice",
        CreatedAt: Time.GetUtcNow(),
        ExpiresAt: Time.GetUtcNow().AddDays(90),
        RevokedAt: null,
        LastUsedAt: null);

    public Session NewSession(string userId, string tenantId) => new(
        Id: Guid.NewGuid().ToString("N"),
        UserId: userId,
        TenantId: tenantId,
        CreatedAt: Time.GetUtcNow(),
        ExpiresAt: Time.GetUtcNow().AddHours(12),
        RevokedAt: null);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(string tenantId) => Store.QueryAuditAsync(new AuditQuery(tenantId, Limit: 1000));

    public async ValueTask DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }

        if (postgresDatabase is not null)
        {
            await TestPostgres.DropDatabaseAsync(postgresDatabase);
        }
        else if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
