using Nines.Core.Tenancy;
using Nines.Store.Audit;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

internal sealed partial class SqlControlPlaneStore
{
    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Tenant>>(
            "tenant.list",
            async (s, ct) => await s.ListAsync("SELECT id, name, created_at FROM tenants ORDER BY id", Rows.Tenant, ct),
            cancellationToken);

    public Task<Tenant?> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default) =>
        ReadAsync("tenant.get", (s, ct) => FindTenantAsync(s, tenantId, ct), cancellationToken);

    public Task<Tenant> CreateTenantAsync(string tenantId, string name, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!TenantId.IsValid(tenantId))
        {
            throw new ArgumentException($"'{tenantId}' is not a valid tenant id: {TenantId.Rule}", nameof(tenantId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(actor);

        return WriteAsync(
            "tenant.create",
            async (s, ct) =>
            {
                var tenant = new Tenant(tenantId, name, Rows.Truncate(time.GetUtcNow()));
                var inserted = await s.ExecuteAsync(
                    "INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @at) ON CONFLICT DO NOTHING",
                    ct,
                    ("@id", tenant.Id),
                    ("@name", tenant.Name),
                    ("@at", Rows.ToMs(tenant.CreatedAt)));
                if (inserted == 0)
                {
                    throw new StoreConflictException($"a tenant with id '{tenantId}' already exists");
                }

                // The audit log is per tenant, so a tenant's creation is the first entry of its own log.
                await AuditAsync(s, tenant.Id, actor, "tenant.create", "tenant", tenant.Id, null, AuditSnapshots.Tenant(tenant), ct);
                return tenant;
            },
            cancellationToken);
    }

    private static Task<Tenant?> FindTenantAsync(SqlSession session, string tenantId, CancellationToken cancellationToken) =>
        session.SingleAsync("SELECT id, name, created_at FROM tenants WHERE id = @id", Rows.Tenant, cancellationToken, ("@id", tenantId));

    private static async Task RequireTenantAsync(SqlSession session, string tenantId, CancellationToken cancellationToken)
    {
        if (await FindTenantAsync(session, tenantId, cancellationToken) is null)
        {
            throw new StoreException($"there is no tenant '{tenantId}'");
        }
    }
}
