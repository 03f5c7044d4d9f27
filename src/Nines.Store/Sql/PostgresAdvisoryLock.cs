using System.Data.Common;
using Npgsql;

namespace Nines.Store.Sql;

// A held session-level advisory lock; disposing releases it.
internal sealed class PostgresAdvisoryLock(DbConnection connection, long key) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_advisory_unlock(@key)";
            command.Parameters.Add(new NpgsqlParameter("key", key));
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // A broken connection has already lost its session, and with it the lock: nothing to release.
        }
    }
}
