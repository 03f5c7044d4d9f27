using Nines.Core.Limits;
using Nines.Store.Audit;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

internal sealed partial class SqlControlPlaneStore
{
    public Task<IReadOnlyDictionary<string, long>> GetLimitOverridesAsync(string tenantId, CancellationToken cancellationToken = default) =>
        ReadAsync("limits.get", (s, ct) => ReadOverridesAsync(s, tenantId, ct), cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ListLimitOverridesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>>(
            "limits.list",
            async (s, ct) =>
            {
                var rows = await s.ListAsync(
                    "SELECT tenant_id, name, value FROM tenant_limits ORDER BY tenant_id, name",
                    static r => (Tenant: r.GetString(0), Name: r.GetString(1), Value: r.GetInt64(2)),
                    ct);
                var result = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
                foreach (var group in rows.GroupBy(r => r.Tenant, StringComparer.Ordinal))
                {
                    result[group.Key] = group.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);
                }

                return result;
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> SetLimitOverridesAsync(string tenantId, IReadOnlyDictionary<string, long?> changes, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(actor);
        foreach (var (key, value) in changes)
        {
            if (!TenantLimits.IsKnown(key))
            {
                throw new ArgumentException($"'{key}' is not a limit; known limits: {string.Join(", ", TenantLimits.Keys)}", nameof(changes));
            }

            if (value < 0)
            {
                throw new ArgumentException($"limit '{key}' must be 0 (unlimited) or positive, not {value}", nameof(changes));
            }
        }

        return WriteAsync(
            "limits.set",
            async (s, ct) =>
            {
                await RequireTenantAsync(s, tenantId, ct);
                var before = await ReadOverridesAsync(s, tenantId, ct);
                var at = Rows.ToMs(time.GetUtcNow());
                foreach (var (key, value) in changes)
                {
                    if (value is { } v)
                    {
                        await s.ExecuteAsync(
                            "INSERT INTO tenant_limits (tenant_id, name, value, updated_at) VALUES (@tenant, @name, @value, @at) " +
                            "ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                            ct,
                            ("@tenant", tenantId),
                            ("@name", key),
                            ("@value", v),
                            ("@at", at));
                    }
                    else
                    {
                        await s.ExecuteAsync("DELETE FROM tenant_limits WHERE tenant_id = @tenant AND name = @name", ct, ("@tenant", tenantId), ("@name", key));
                    }
                }

                var after = await ReadOverridesAsync(s, tenantId, ct);
                await AuditAsync(s, tenantId, actor, "tenant.limits.update", "tenant", tenantId, AuditSnapshots.Limits(before), AuditSnapshots.Limits(after), ct);
                return after;
            },
            cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, long>> ReadOverridesAsync(SqlSession session, string tenantId, CancellationToken cancellationToken)
    {
        var rows = await session.ListAsync(
            "SELECT name, value FROM tenant_limits WHERE tenant_id = @tenant ORDER BY name",
            static r => (Name: r.GetString(0), Value: r.GetInt64(1)),
            cancellationToken,
            ("@tenant", tenantId));
        var result = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
        foreach (var (name, value) in rows)
        {
            result[name] = value;
        }

        return result;
    }
}
