using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Store.Audit;
using Nines.Store.Model;
using Nines.Store.Sql;

namespace Nines.Store;

internal sealed partial class SqlControlPlaneStore
{
    private const string TenantUserSql =
        "SELECT " + Rows.MemberColumns + ", m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = @tenant AND m.user_id = @user";

    public Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            "user.get",
            (s, ct) => s.SingleAsync("SELECT " + Rows.UserColumns + " FROM users u WHERE u.id = @id", Rows.User, ct, ("@id", userId)),
            cancellationToken);

    public Task<User?> FindUserByNameAsync(string username, CancellationToken cancellationToken = default) =>
        ReadAsync(
            "user.find",
            (s, ct) => s.SingleAsync("SELECT " + Rows.UserColumns + " FROM users u WHERE u.username_key = @key", Rows.User, ct, ("@key", UsernameKey(username))),
            cancellationToken);

    public Task<TenantUser?> GetTenantUserAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            "user.get_member",
            (s, ct) => s.SingleAsync(TenantUserSql, Rows.TenantUser, ct, ("@tenant", tenantId), ("@user", userId)),
            cancellationToken);

    public Task<IReadOnlyList<TenantUser>> ListUsersAsync(string tenantId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TenantUser>>(
            "user.list",
            async (s, ct) => await s.ListAsync(
                "SELECT " + Rows.MemberColumns + ", m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = @tenant ORDER BY u.username_key",
                Rows.TenantUser,
                ct,
                ("@tenant", tenantId)),
            cancellationToken);

    public Task<IReadOnlyList<Membership>> ListMembershipsAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Membership>>(
            "user.memberships",
            async (s, ct) => await s.ListAsync(
                "SELECT user_id, tenant_id, role FROM memberships WHERE user_id = @user AND disabled = @no ORDER BY tenant_id",
                Rows.Membership,
                ct,
                ("@user", userId),
                ("@no", false)),
            cancellationToken);

    public Task<TenantUser> AddUserAsync(string tenantId, string username, string? displayName, string? passwordHash, Role role, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentNullException.ThrowIfNull(actor);
        var roleName = role.ToName();

        return WriteAsync(
            "user.add",
            async (s, ct) =>
            {
                await RequireTenantAsync(s, tenantId, ct);
                var now = Rows.Truncate(time.GetUtcNow());
                var user = new User(Ids.New(time), username, displayName, passwordHash, Disabled: false, now, LastLoginAt: null);

                // ON CONFLICT rather than look-then-insert: on PostgreSQL two replicas adding the same
                // name at once would both see it missing; here the second waits and then finds it.
                var inserted = await s.ExecuteAsync(
                    """
                    INSERT INTO users (id, username, username_key, display_name, password_hash, disabled, created_at, last_login_at)
                    VALUES (@id, @username, @key, @display, @hash, @disabled, @at, NULL)
                    ON CONFLICT DO NOTHING
                    """,
                    ct,
                    ("@id", user.Id),
                    ("@username", user.Username),
                    ("@key", UsernameKey(username)),
                    ("@display", user.DisplayName),
                    ("@hash", user.PasswordHash),
                    ("@disabled", false),
                    ("@at", Rows.ToMs(now)));
                var action = "user.add";
                if (inserted == 0)
                {
                    // One login across tenants: the existing user joins this tenant. Their name, display
                    // name and password stay as they are, since this tenant's admin does not own them.
                    user = await s.SingleAsync(
                        "SELECT " + Rows.UserColumns + " FROM users u WHERE u.username_key = @key" + dialect.ForUpdate,
                        Rows.User,
                        ct,
                        ("@key", UsernameKey(username)))
                        ?? throw new StoreException($"the user name '{username}' collided with a user that has since disappeared; try again");
                    action = "user.membership.add";
                }

                var joined = await s.ExecuteAsync(
                    "INSERT INTO memberships (user_id, tenant_id, role, created_at) VALUES (@user, @tenant, @role, @at) ON CONFLICT DO NOTHING",
                    ct,
                    ("@user", user.Id),
                    ("@tenant", tenantId),
                    ("@role", roleName),
                    ("@at", Rows.ToMs(now)));
                if (joined == 0)
                {
                    throw new StoreConflictException($"a user named '{user.Username}' is already a member of tenant '{tenantId}'");
                }

                await AuditAsync(s, tenantId, actor, action, "user", user.Id, null, AuditSnapshots.User(user, role), ct);
                return new TenantUser(user, role);
            },
            cancellationToken);
    }

    public Task<bool> SetRoleAsync(string tenantId, string userId, Role role, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var roleName = role.ToName();

        return WriteAsync(
            "user.role.set",
            async (s, ct) =>
            {
                var member = await LockTenantUserAsync(s, tenantId, userId, ct);
                if (member is null)
                {
                    return false;
                }

                if (member.Role == role)
                {
                    return true;
                }

                await s.ExecuteAsync(
                    "UPDATE memberships SET role = @role WHERE tenant_id = @tenant AND user_id = @user",
                    ct,
                    ("@role", roleName),
                    ("@tenant", tenantId),
                    ("@user", userId));
                await AuditAsync(
                    s, tenantId, actor, "user.role.set", "user", userId, AuditSnapshots.User(member.User, member.Role), AuditSnapshots.User(member.User, role), ct);
                return true;
            },
            cancellationToken);
    }

    public Task<bool> SetUserDisabledAsync(string tenantId, string userId, bool disabled, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);

        return WriteAsync(
            disabled ? "user.disable" : "user.enable",
            async (s, ct) =>
            {
                var member = await LockTenantUserAsync(s, tenantId, userId, ct);
                if (member is null)
                {
                    return false;
                }

                if (disabled)
                {
                    // A disabled member must lose access at once, not when their cookie expires; their
                    // sessions in other tenants are not this tenant's business.
                    await s.ExecuteAsync(
                        "UPDATE sessions SET revoked_at = @at WHERE user_id = @user AND tenant_id = @tenant AND revoked_at IS NULL",
                        ct,
                        ("@at", Rows.ToMs(time.GetUtcNow())),
                        ("@user", userId),
                        ("@tenant", tenantId));
                }

                if (member.User.Disabled == disabled)
                {
                    return true;
                }

                await s.ExecuteAsync(
                    "UPDATE memberships SET disabled = @disabled WHERE user_id = @user AND tenant_id = @tenant",
                    ct,
                    ("@disabled", disabled),
                    ("@user", userId),
                    ("@tenant", tenantId));
                var after = member.User with { Disabled = disabled };
                await AuditAsync(
                    s,
                    tenantId,
                    actor,
                    disabled ? "user.disable" : "user.enable",
                    "user",
                    userId,
                    AuditSnapshots.User(member.User, member.Role),
                    AuditSnapshots.User(after, member.Role),
                    ct);
                return true;
            },
            cancellationToken);
    }

    public Task<bool> SetPasswordHashAsync(string tenantId, string userId, string passwordHash, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        ArgumentNullException.ThrowIfNull(actor);

        return WriteAsync(
            "user.password.set",
            async (s, ct) =>
            {
                var member = await LockTenantUserAsync(s, tenantId, userId, ct);
                if (member is null)
                {
                    return false;
                }

                await s.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @user", ct, ("@hash", passwordHash), ("@user", userId));
                var after = member.User with { PasswordHash = passwordHash };
                await AuditAsync(
                    s, tenantId, actor, "user.password.set", "user", userId, AuditSnapshots.User(member.User, member.Role), AuditSnapshots.User(after, member.Role), ct);
                return true;
            },
            cancellationToken);
    }

    public Task RecordLoginAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(
            "user.login",
            (s, ct) => s.ExecuteAsync("UPDATE users SET last_login_at = @at WHERE id = @user", ct, ("@at", Rows.ToMs(at)), ("@user", userId)),
            cancellationToken);

    // User names compare case-insensitively ("Alice" and "alice" are one login), in every culture alike.
    private static string UsernameKey(string username) => username.ToLowerInvariant();

    private Task<TenantUser?> LockTenantUserAsync(SqlSession session, string tenantId, string userId, CancellationToken cancellationToken) =>
        session.SingleAsync(TenantUserSql + dialect.ForUpdate, Rows.TenantUser, cancellationToken, ("@tenant", tenantId), ("@user", userId));
}
