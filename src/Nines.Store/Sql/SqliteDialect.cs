using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nines.Store.Migrations;
using Nines.Store.Model;

namespace Nines.Store.Sql;

// SQLite: the file nines.db, shared by the server and CLI processes. Connections are opened
// per operation (pooled) so that no process holds a lock between operations; writes start with
// BEGIN IMMEDIATE so two writers queue on the busy timeout instead of deadlocking on a
// read-to-write upgrade.
internal sealed class SqliteDialect : SqlDialect
{
    public const string FileName = "nines.db";

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly string connectionString;
    private readonly TimeSpan busyTimeout;

    private SqliteDialect(string path, TimeSpan busyTimeout)
    {
        Path = path;
        this.busyTimeout = busyTimeout;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = TimeoutSeconds(busyTimeout),
        }.ToString();
    }

    public string Path { get; }

    public override StoreEngine Engine => StoreEngine.Sqlite;

    public override string EngineName => "sqlite";

    public override string Location => Path;

    public override TimeSpan LockWait => busyTimeout;

    // BEGIN IMMEDIATE already holds the database's single write lock: there are no row locks.
    public override string ForUpdate => string.Empty;

    public override string TableExistsSql => "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = @name)";

    // Creates the data directory and the file if needed, and switches the file to WAL.
    public static async Task<SqliteDialect> OpenAsync(string dataDirectory, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        string directory;
        try
        {
            directory = System.IO.Path.GetFullPath(dataDirectory);
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StoreException($"cannot create the data directory '{dataDirectory}': {e.Message}; choose another with --data or fix its permissions", e);
        }

        var dialect = new SqliteDialect(System.IO.Path.Combine(directory, FileName), busyTimeout);
        try
        {
            await using var connection = await dialect.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();

            // WAL lets the server read while a CLI process writes; the mode is stored in the file.
            command.CommandText = "PRAGMA journal_mode = WAL";
            var mode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreException($"cannot switch the store file '{dialect.Path}' to WAL journal mode (it stays in '{mode}'); is it on a network file system?");
            }
        }
        catch (SqliteException e)
        {
            await dialect.DisposeAsync();
            throw new StoreException($"cannot open the store file '{dialect.Path}': {e.Message}; check that the data directory is writable by this user", e);
        }
        catch
        {
            await dialect.DisposeAsync();
            throw;
        }

        return dialect;
    }

    public override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(busyTimeout, cancellationToken);

    public override ValueTask<DbConnection> OpenForMigrationAsync(TimeSpan lockTimeout, CancellationToken cancellationToken) =>
        OpenAsync(lockTimeout, cancellationToken);

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // deferred: false is BEGIN IMMEDIATE: take the write lock now, waiting up to the busy timeout.
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return ValueTask.FromResult(transaction);
    }

    public override ValueTask<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IAsyncDisposable>(NoLock.Instance);

    public override string MigrationSql(Migration migration) => migration.Sqlite;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public override bool IsLockTimeout(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the directory can be moved or deleted.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static int TimeoutSeconds(TimeSpan timeout) => (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, int.MaxValue);

    private async ValueTask<DbConnection> OpenAsync(TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            connection.DefaultTimeout = TimeoutSeconds(lockTimeout);

            // Per connection, and pooled connections may carry another caller's value: set them every time.
            await using var command = connection.CreateCommand();
            var milliseconds = (long)Math.Clamp(Math.Ceiling(lockTimeout.TotalMilliseconds), 1, int.MaxValue);
            command.CommandText = $"PRAGMA busy_timeout = {milliseconds.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
