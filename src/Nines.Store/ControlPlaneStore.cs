namespace Nines.Store;

/// <summary>Opens the control-plane store named by <see cref="StoreOptions"/>.</summary>
public static class ControlPlaneStore
{
    /// <summary>
    /// Opens (without migrating) the store: PostgreSQL when <see cref="StoreOptions.Postgres"/> is
    /// set, else the SQLite file <c>nines.db</c> in <paramref name="dataDirectory"/>.
    /// </summary>
    public static Task<IControlPlaneStore> OpenAsync(StoreOptions options, string dataDirectory, TimeProvider time, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("the store implementation lands in the next commit");
}
