using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Store.Audit;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

internal sealed partial class SqlControlPlaneStore
{
    public Task<ApiToken> CreateTokenAsync(ApiToken token, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(token.TenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(token.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(token.Hash);
        var roleName = token.Role.ToName();

        // Stored to the millisecond; return what a later read returns.
        var stored = token with
        {
            Id = string.IsNullOrEmpty(token.Id) ? Ids.New(time) : token.Id,
            CreatedAt = Rows.Truncate(token.CreatedAt),
            ExpiresAt = Rows.Truncate(token.ExpiresAt),
            RevokedAt = Rows.Truncate(token.RevokedAt),
            LastUsedAt = Rows.Truncate(token.LastUsedAt),
        };

        return WriteAsync(
            "token.create",
            async (s, ct) =>
            {
                await RequireTenantAsync(s, stored.TenantId, ct);
                var inserted = await s.ExecuteAsync(
                    """
                    INSERT INTO api_tokens (id, tenant_id, name, role, ingest, hash, created_by, created_at, expires_at, revoked_at, last_used_at)
                    VALUES (@id, @tenant, @name, @role, @ingest, @hash, @createdBy, @createdAt, @expiresAt, @revokedAt, @lastUsedAt)
                    ON CONFLICT DO NOTHING
                    """,
                    ct,
                    ("@id", stored.Id),
                    ("@tenant", stored.TenantId),
                    ("@name", stored.Name),
                    ("@role", roleName),
                    ("@ingest", stored.Ingest),
                    ("@hash", stored.Hash),
                    ("@createdBy", stored.CreatedBy),
                    ("@createdAt", Rows.ToMs(stored.CreatedAt)),
                    ("@expiresAt", Rows.ToMs(stored.ExpiresAt)),
                    ("@revokedAt", Rows.ToMs(stored.RevokedAt)),
                    ("@lastUsedAt", Rows.ToMs(stored.LastUsedAt)));
                if (inserted == 0)
                {
                    throw new StoreConflictException($"token '{stored.Name}' was not stored: a token with id '{stored.Id}' or with the same secret already exists");
                }

                await AuditAsync(s, stored.TenantId, actor, "token.create", "token", stored.Id, null, AuditSnapshots.Token(stored), ct);
                return stored;
            },
            cancellationToken);
    }

    public Task<ApiToken?> FindTokenByHashAsync(string hash, CancellationToken cancellationToken = default) =>
        ReadAsync(
            "token.find",
            (s, ct) => s.SingleAsync("SELECT " + Rows.TokenColumns + " FROM api_tokens WHERE hash = @hash", Rows.Token, ct, ("@hash", hash)),
            cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string tenantId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ApiToken>>(
            "token.list",
            async (s, ct) => await s.ListAsync(
                "SELECT " + Rows.TokenColumns + " FROM api_tokens WHERE tenant_id = @tenant ORDER BY created_at DESC, id DESC",
                Rows.Token,
                ct,
                ("@tenant", tenantId)),
            cancellationToken);

    public Task<ApiToken?> GetTokenAsync(string tenantId, string tokenId, CancellationToken cancellationToken = default) =>
        ReadAsync("token.get", (s, ct) => FindTokenAsync(s, tenantId, tokenId, string.Empty, ct), cancellationToken);

    public Task<bool> RevokeTokenAsync(string tenantId, string tokenId, DateTimeOffset at, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);

        return WriteAsync(
            "token.revoke",
            async (s, ct) =>
            {
                var token = await FindTokenAsync(s, tenantId, tokenId, dialect.ForUpdate, ct);
                if (token is null)
                {
                    return false;
                }

                if (token.RevokedAt is not null)
                {
                    return true;
                }

                var revoked = token with { RevokedAt = Rows.Truncate(at) };
                await s.ExecuteAsync(
                    "UPDATE api_tokens SET revoked_at = @at WHERE tenant_id = @tenant AND id = @id",
                    ct,
                    ("@at", Rows.ToMs(at)),
                    ("@tenant", tenantId),
                    ("@id", tokenId));
                await AuditAsync(s, tenantId, actor, "token.revoke", "token", tokenId, AuditSnapshots.Token(token), AuditSnapshots.Token(revoked), ct);
                return true;
            },
            cancellationToken);
    }

    public Task TouchTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "token.touch",
            (s, ct) => s.ExecuteAsync(
                // Never moves backwards when touches from several replicas arrive out of order.
                "UPDATE api_tokens SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at)",
                ct,
                ("@at", Rows.ToMs(at)),
                ("@id", tokenId)),
            cancellationToken);

    private static Task<ApiToken?> FindTokenAsync(SqlSession session, string tenantId, string tokenId, string forUpdate, CancellationToken cancellationToken) =>
        session.SingleAsync(
            "SELECT " + Rows.TokenColumns + " FROM api_tokens WHERE tenant_id = @tenant AND id = @id" + forUpdate,
            Rows.Token,
            cancellationToken,
            ("@tenant", tenantId),
            ("@id", tokenId));
}
