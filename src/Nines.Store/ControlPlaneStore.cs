using Nines.Store.Sql;

namespace Nines.Store;

/// <summary>Opens the control-plane store named by <see cref="StoreOptions"/>.</summary>
public static class ControlPlaneStore
{
    /// <summary>
    /// Opens (without migrating) the store: PostgreSQL when <see cref="StoreOptions.Postgres"/> is
    /// set, else the SQLite file <c>nines.db</c> in <paramref name="dataDirectory"/>.
    /// </summary>
    public static async Task<IControlPlaneStore> OpenAsync(StoreOptions options, string dataDirectory, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);

        SqlDialect dialect = string.IsNullOrWhiteSpace(options.Postgres)
            ? await SqliteDialect.OpenAsync(dataDirectory, options.BusyTimeout, cancellationToken)
            : PostgresDialect.Create(options.Postgres, options.BusyTimeout);
        return new SqlControlPlaneStore(dialect, options, time);
    }
}
