using System.Data.Common;
using System.Globalization;
using Nines.Store.Migrations;
using Nines.Store.Model;
using Npgsql;

namespace Nines.Store.Sql;

// PostgreSQL, shared by several replicas; transactions run at READ COMMITTED with row locks.
internal sealed class PostgresDialect : SqlDialect
{
    // The advisory lock key every nines replica takes while migrating ("NINES_MG" in ASCII), fixed so
    // that all versions of the binary agree on it.
    public const long MigrationLockKey = 0x4E494E45535F4D47;

    private const string UniqueViolation = "23505";
    private const string LockNotAvailable = "55P03";

    private readonly NpgsqlDataSource dataSource;

    private PostgresDialect(NpgsqlDataSource dataSource, string location, TimeSpan lockWait)
    {
        this.dataSource = dataSource;
        Location = location;
        LockWait = lockWait;
    }

    public override StoreEngine Engine => StoreEngine.Postgres;

    public override string EngineName => "postgres";

    public override string Location { get; }

    public override TimeSpan LockWait { get; }

    public override string ForUpdate => " FOR UPDATE";

    public override string TableExistsSql =>
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name)";

    // Builds the data source; no connection is made until the first operation.
    public static PostgresDialect Create(string connectionString, TimeSpan busyTimeout)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreException($"store.postgres is not a valid PostgreSQL connection string: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StoreException("store.postgres names no Host; e.g. 'Host=127.0.0.1;Port=5432;Username=nines;Password=…;Database=nines'");
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            // Shows up in pg_stat_activity, so a DBA can tell nines' connections apart.
            builder.ApplicationName = "nines";
        }

        var location = string.Create(CultureInfo.InvariantCulture, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
        return new PostgresDialect(new NpgsqlDataSourceBuilder(builder.ConnectionString).Build(), location, busyTimeout);
    }

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override ValueTask<DbConnection> OpenForMigrationAsync(TimeSpan lockTimeout, CancellationToken cancellationToken) =>
        OpenAsync(cancellationToken);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override async ValueTask<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var milliseconds = (long)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);
        await ExecuteAsync(connection, "SET lock_timeout = " + milliseconds.ToString(CultureInfo.InvariantCulture), cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_advisory_lock(@key)";
            command.Parameters.Add(new NpgsqlParameter("key", MigrationLockKey));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is LockNotAvailable)
        {
            throw new StoreException(
                $"another nines process has been migrating the store at {Location} for longer than {timeout.TotalSeconds:0.###}s (store.migrationLockTimeout); " +
                "wait for it to finish or check its logs, then start again",
                e);
        }
        finally
        {
            await ExecuteAsync(connection, "RESET lock_timeout", CancellationToken.None);
        }

        return new PostgresAdvisoryLock(connection, MigrationLockKey);
    }

    public override string MigrationSql(Migration migration) => migration.Postgres;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: UniqueViolation };

    public override bool IsLockTimeout(DbException exception) =>
        exception is PostgresException { SqlState: LockNotAvailable };

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
