using System.ComponentModel;

namespace Nines.Store;

/// <summary>Where the control-plane store lives. Section <c>store</c> of nines.yaml.</summary>
public sealed class StoreOptions
{
    /// <summary>
    /// PostgreSQL connection string. When set, the store uses PostgreSQL (for several replicas);
    /// when empty, an SQLite file <c>nines.db</c> in the data directory.
    /// </summary>
    [Description("PostgreSQL connection string (Npgsql format, e.g. 'Host=127.0.0.1;Port=5432;Username=nines;Password=…;Database=nines'). Empty: SQLite file nines.db in the data directory.")]
    public string? Postgres { get; set; }

    /// <summary>How long an SQLite writer waits for a lock held by another connection or process.</summary>
    [Description("How long a writer waits for a lock held by another connection or process before failing.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a migration waits for another replica's migration lock.</summary>
    [Description("How long start-up waits for another replica that is migrating the schema.")]
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
