using System.Text;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

internal sealed partial class SqlControlPlaneStore
{
    private const int MaxAuditLimit = 1000;

    // From is inclusive and To exclusive, so consecutive windows never count an entry twice. Pages
    // are keyset (the next page passes the last id seen as BeforeId), which stays correct while new
    // entries arrive, unlike OFFSET.
    public Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        var sql = new StringBuilder("SELECT " + Rows.AuditColumns + " FROM audit_log WHERE tenant_id = @tenant");
        var parameters = new List<(string Name, object? Value)> { ("@tenant", query.TenantId) };

        // Only the filters given become SQL, so each query can use the (tenant, ...) index that fits it.
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }

        Filter("actor = @actor", "@actor", query.Actor);
        Filter("entity_type = @entityType", "@entityType", query.EntityType);
        Filter("entity_id = @entityId", "@entityId", query.EntityId);
        Filter("action = @action", "@action", query.Action);
        Filter("at >= @from", "@from", Rows.ToMs(query.From));
        Filter("at < @to", "@to", Rows.ToMs(query.To));
        Filter("id < @beforeId", "@beforeId", query.BeforeId);
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        parameters.Add(("@limit", Math.Clamp(query.Limit, 1, MaxAuditLimit)));

        var text = sql.ToString();
        var values = parameters.ToArray();
        return ReadAsync<IReadOnlyList<AuditEntry>>(
            "audit.query",
            async (s, ct) => await s.ListAsync(text, Rows.Audit, ct, values),
            cancellationToken);
    }
}
