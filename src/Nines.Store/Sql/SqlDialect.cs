using System.Data.Common;
using Nines.Store.Migrations;
using Nines.Store.Model;

namespace Nines.Store.Sql;

// The few places where SQLite and PostgreSQL differ: opening connections, write transactions,
// row locks, the migration lock, DDL and error classification. Everything else is shared SQL.
internal abstract class SqlDialect : IAsyncDisposable
{
    public abstract StoreEngine Engine { get; }

    // The engine's name in metric tags.
    public abstract string EngineName { get; }

    // Where the store lives, for messages (never includes a password).
    public abstract string Location { get; }

    // How long a writer waits for another writer's lock, for messages.
    public abstract TimeSpan LockWait { get; }

    // Appended to a SELECT whose rows the transaction is about to change.
    public abstract string ForUpdate { get; }

    // One-row query answering whether table @name exists.
    public abstract string TableExistsSql { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    // A connection for migrating, whose lock waits last up to lockTimeout.
    public abstract ValueTask<DbConnection> OpenForMigrationAsync(TimeSpan lockTimeout, CancellationToken cancellationToken);

    // A transaction that holds the write lock from its first statement.
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    // Serialises migrators across processes for as long as the result is not disposed. Where the
    // engine has no such lock (SQLite), each migration's write transaction is the lock instead.
    public abstract ValueTask<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, TimeSpan timeout, CancellationToken cancellationToken);

    public abstract string MigrationSql(Migration migration);

    public abstract bool IsUniqueViolation(DbException exception);

    // True when the statement gave up waiting for another connection's lock.
    public abstract bool IsLockTimeout(DbException exception);

    public abstract ValueTask DisposeAsync();
}
