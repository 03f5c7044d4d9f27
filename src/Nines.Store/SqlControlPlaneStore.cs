using System.Data.Common;
using System.Diagnostics;
using Nines.Store.Migrations;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

// IControlPlaneStore over plain ADO.NET. Each operation opens a pooled connection and
// closes it before returning, so that other processes sharing an SQLite file are never locked out
// between operations; each change runs in one write transaction together with its audit entry.
internal sealed partial class SqlControlPlaneStore : IControlPlaneStore
{
    private const string OutcomeOk = "ok";
    private const string OutcomeConflict = "conflict";
    private const string OutcomeError = "error";
    private const string OutcomeCanceled = "canceled";

    private readonly SqlDialect dialect;
    private readonly TimeProvider time;
    private readonly StoreOptions options;
    private readonly StoreMetrics metrics = StoreMetrics.Instance;

    public SqlControlPlaneStore(SqlDialect dialect, StoreOptions options, TimeProvider time)
    {
        this.dialect = dialect;
        this.options = options;
        this.time = time;
    }

    public StoreEngine Engine => dialect.Engine;

    internal SqlDialect Dialect => dialect;

    // Tests only: runs inside the write transaction after a change's own statements and before its
    // audit entry, with the audit action's name. Throwing here proves that a failed change leaves nothing.
    internal Action<string>? BeforeAuditWrite { get; set; }

    public Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default) =>
        TimedAsync("schema.migrate", ct => new Migrator(dialect, time, options.MigrationLockTimeout).MigrateAsync(ct), cancellationToken);

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("schema.version", (s, ct) => Migrator.ReadVersionAsync(dialect, s, ct), cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetSchemaVersionAsync(cancellationToken) == SchemaMigrations.Latest;
        }
        catch (StoreException)
        {
            // Unreachable or broken reads as "not ready"; the reason is in the operation metrics and the next real call's error.
            return false;
        }
    }

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    private Task<T> ReadAsync<T>(string op, Func<SqlSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        TimedAsync(
            op,
            async ct =>
            {
                await using var connection = await dialect.OpenAsync(ct);
                return await body(new SqlSession(connection, null), ct);
            },
            cancellationToken);

    private Task<T> WriteAsync<T>(string op, Func<SqlSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken) =>
        TimedAsync(
            op,
            async ct =>
            {
                await using var connection = await dialect.OpenAsync(ct);
                await using var transaction = await dialect.BeginWriteAsync(connection, ct);
                var result = await body(new SqlSession(connection, transaction), ct);
                await transaction.CommitAsync(ct);
                return result;
            },
            cancellationToken);

    // Runs one operation: records its metrics and turns driver errors into StoreExceptions.
    private async Task<T> TimedAsync<T>(string op, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = OutcomeError;
        try
        {
            var result = await body(cancellationToken);
            outcome = OutcomeOk;
            return result;
        }
        catch (StoreConflictException)
        {
            outcome = OutcomeConflict;
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = OutcomeCanceled;
            throw;
        }
        catch (DbException e)
        {
            var translated = Translate(op, e);
            outcome = translated is StoreConflictException ? OutcomeConflict : OutcomeError;
            throw translated;
        }
        finally
        {
            metrics.Record(op, dialect.EngineName, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private StoreException Translate(string op, DbException e)
    {
        if (dialect.IsUniqueViolation(e))
        {
            return new StoreConflictException($"{op} conflicts with a record that already exists in the store at {dialect.Location}: {e.Message}", e);
        }

        if (dialect.IsLockTimeout(e))
        {
            return new StoreException(
                $"the store at {dialect.Location} stayed locked by another connection or process for longer than {dialect.LockWait.TotalSeconds:0.###}s (store.busyTimeout) during {op}; " +
                "try again, or raise store.busyTimeout",
                e);
        }

        return new StoreException($"the store at {dialect.Location} failed during {op}: {e.Message}", e);
    }

    // Writes the audit entry of a change, inside the change's own transaction.
    private async Task AuditAsync(
        SqlSession session,
        string tenantId,
        Actor actor,
        string action,
        string entityType,
        string entityId,
        string? before,
        string? after,
        CancellationToken cancellationToken)
    {
        BeforeAuditWrite?.Invoke(action);
        await session.ExecuteAsync(
            """
            INSERT INTO audit_log (tenant_id, at, actor, action, entity_type, entity_id, before_json, after_json)
            VALUES (@tenant, @at, @actor, @action, @type, @entity, @before, @after)
            """,
            cancellationToken,
            ("@tenant", tenantId),
            ("@at", Rows.ToMs(time.GetUtcNow())),
            ("@actor", actor.Name),
            ("@action", action),
            ("@type", entityType),
            ("@entity", entityId),
            ("@before", before),
            ("@after", after));
    }
}
