using System.Data.Common;
using System.Globalization;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store.Migrations;

// Applies SchemaMigrations that a database lacks, each in its own transaction, while
// holding the engine's migration lock, and refuses a database that is newer than this binary.
internal sealed class Migrator(SqlDialect dialect, TimeProvider time, TimeSpan lockTimeout)
{
    private const string CreateTableSql =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    // The version a database is at; 0 before the first migration.
    public static async Task<int> ReadVersionAsync(SqlDialect dialect, SqlSession session, CancellationToken cancellationToken)
    {
        var exists = Convert.ToBoolean(await session.ScalarAsync(dialect.TableExistsSql, cancellationToken, ("@name", "schema_migrations")), CultureInfo.InvariantCulture);
        if (!exists)
        {
            return 0;
        }

        var version = await session.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken);
        return Convert.ToInt32(version, CultureInfo.InvariantCulture);
    }

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenForMigrationAsync(lockTimeout, cancellationToken);
        await using var held = await dialect.LockForMigrationAsync(connection, lockTimeout, cancellationToken);
        try
        {
            return await MigrateLockedAsync(connection, cancellationToken);
        }
        catch (DbException e) when (dialect.IsLockTimeout(e))
        {
            throw new StoreException(
                $"another nines process kept the store at {dialect.Location} locked for longer than {lockTimeout.TotalSeconds:0.###}s (store.migrationLockTimeout) while this one tried to migrate it; " +
                "wait for it to finish or check its logs, then start again",
                e);
        }
    }

    private async Task<MigrationResult> MigrateLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var transaction = await dialect.BeginWriteAsync(connection, cancellationToken))
        {
            await new SqlSession(connection, transaction).ExecuteAsync(CreateTableSql, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var from = await ReadVersionAsync(dialect, new SqlSession(connection, null), cancellationToken);
        ThrowIfNewer(from);

        var current = from;
        var applied = new List<string>();
        foreach (var migration in SchemaMigrations.All)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
            var session = new SqlSession(connection, transaction);

            // SQLite has no lock that spans transactions: another process may have migrated since we looked.
            current = await ReadVersionAsync(dialect, session, cancellationToken);
            ThrowIfNewer(current);
            if (migration.Version <= current)
            {
                continue;
            }

            await session.ExecuteAsync(dialect.MigrationSql(migration), cancellationToken);
            await session.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                cancellationToken,
                ("@version", migration.Version),
                ("@name", migration.Name),
                ("@at", Rows.ToMs(time.GetUtcNow())));
            await transaction.CommitAsync(cancellationToken);
            current = migration.Version;
            applied.Add(migration.Label);
        }

        return new MigrationResult(from, current, applied);
    }

    private void ThrowIfNewer(int version)
    {
        if (version > SchemaMigrations.Latest)
        {
            throw new StoreException(
                $"the store at {dialect.Location} is at schema version {version} but this nines binary knows only up to {SchemaMigrations.Latest}; " +
                "upgrade nines (or restore a backup made by this version)");
        }
    }
}
