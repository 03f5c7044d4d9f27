using System.Globalization;
using Nines.Store.Audit;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

internal sealed partial class SqlControlPlaneStore
{
    public Task CreateSessionAsync(Session session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(session.Id);

        return WriteAsync(
            "session.create",
            async (s, ct) =>
            {
                // Checked in the same transaction as the insert, so a user disabled (or removed) while
                // logging in cannot end up with a live session that the disable did not revoke.
                var disabled = await s.ScalarAsync(
                    "SELECT m.disabled FROM memberships m WHERE m.user_id = @user AND m.tenant_id = @tenant",
                    ct,
                    ("@user", session.UserId),
                    ("@tenant", session.TenantId));
                if (disabled is null)
                {
                    throw new StoreException($"user '{session.UserId}' is not a member of tenant '{session.TenantId}': no session created");
                }

                if (Convert.ToBoolean(disabled, CultureInfo.InvariantCulture))
                {
                    throw new StoreException($"user '{session.UserId}' is disabled in tenant '{session.TenantId}': no session created");
                }

                return await s.ExecuteAsync(
                    "INSERT INTO sessions (id, user_id, tenant_id, created_at, expires_at, revoked_at) VALUES (@id, @user, @tenant, @createdAt, @expiresAt, @revokedAt)",
                    ct,
                    ("@id", session.Id),
                    ("@user", session.UserId),
                    ("@tenant", session.TenantId),
                    ("@createdAt", Rows.ToMs(session.CreatedAt)),
                    ("@expiresAt", Rows.ToMs(session.ExpiresAt)),
                    ("@revokedAt", Rows.ToMs(session.RevokedAt)));
            },
            cancellationToken);
    }

    public Task<Session?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            "session.get",
            (s, ct) => s.SingleAsync("SELECT " + Rows.SessionColumns + " FROM sessions WHERE id = @id", Rows.Session, ct, ("@id", sessionId)),
            cancellationToken);

    public Task<bool> SwitchSessionTenantAsync(string sessionId, string tenantId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "session.switch",
            async (s, ct) => await s.ExecuteAsync(
                """
                UPDATE sessions SET tenant_id = @tenant
                WHERE id = @id AND revoked_at IS NULL AND expires_at > @now
                  AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = sessions.user_id AND m.tenant_id = @tenant AND m.disabled = @no)
                """,
                ct,
                ("@no", false),
                ("@tenant", tenantId),
                ("@id", sessionId),
                ("@now", Rows.ToMs(time.GetUtcNow()))) == 1,
            cancellationToken);

    public Task RevokeSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "session.revoke",
            (s, ct) => s.ExecuteAsync(
                "UPDATE sessions SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
                ct,
                ("@at", Rows.ToMs(at)),
                ("@id", sessionId)),
            cancellationToken);

    public Task CreateSetupLinkAsync(string tenantId, SetupLink link, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentException.ThrowIfNullOrEmpty(link.Hash);
        ArgumentNullException.ThrowIfNull(actor);

        return WriteAsync(
            "setup_link.create",
            async (s, ct) =>
            {
                if (await s.ScalarAsync("SELECT id FROM users WHERE id = @user", ct, ("@user", link.UserId)) is null)
                {
                    throw new StoreException($"there is no user '{link.UserId}': no set-up link created");
                }

                if (await s.ScalarAsync("SELECT role FROM memberships WHERE user_id = @user AND tenant_id = @tenant", ct, ("@user", link.UserId), ("@tenant", tenantId)) is null)
                {
                    throw new StoreException($"user '{link.UserId}' is not a member of tenant '{tenantId}': no set-up link created");
                }

                await s.ExecuteAsync(
                    "INSERT INTO setup_links (hash, user_id, created_at, expires_at, used_at) VALUES (@hash, @user, @createdAt, @expiresAt, @usedAt)",
                    ct,
                    ("@hash", link.Hash),
                    ("@user", link.UserId),
                    ("@createdAt", Rows.ToMs(link.CreatedAt)),
                    ("@expiresAt", Rows.ToMs(link.ExpiresAt)),
                    ("@usedAt", Rows.ToMs(link.UsedAt)));
                await AuditAsync(s, tenantId, actor, "user.setup_link.create", "user", link.UserId, null, AuditSnapshots.SetupLink(link), ct);
                return 1;
            },
            cancellationToken);
    }

    public Task<string?> ConsumeSetupLinkAsync(string hash, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "setup_link.consume",
            async (s, ct) =>
            {
                // One conditional statement: of two concurrent requests only one sees used_at still null.
                var userId = await s.ScalarAsync(
                    "UPDATE setup_links SET used_at = @at WHERE hash = @hash AND used_at IS NULL AND expires_at > @at RETURNING user_id",
                    ct,
                    ("@at", Rows.ToMs(at)),
                    ("@hash", hash));
                return (string?)userId;
            },
            cancellationToken);
}
