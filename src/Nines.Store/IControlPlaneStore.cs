using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Store;

/// <summary>
/// The control-plane store: tenants, users, tokens, sessions and the audit log, on SQLite or
/// PostgreSQL. Every read of tenant data takes the tenant and never returns another tenant's row
/// (an id from another tenant reads as "not found"). Every change takes the <see cref="Actor"/>
/// and writes its audit entry in the same transaction as the change itself, so a failed change
/// leaves neither half.
/// </summary>
public interface IControlPlaneStore : IAsyncDisposable
{
    /// <summary>Which engine this store runs on.</summary>
    StoreEngine Engine { get; }

    /// <summary>
    /// Brings the schema to the version this binary knows, under a lock so that two replicas (or
    /// a server and a CLI) cannot race. Throws <see cref="StoreException"/> with a clear message when
    /// the database is newer than the binary.
    /// </summary>
    Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The schema version the database is at (0 when empty).</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the database answers and is at this binary's schema version.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);

    // ---- tenants ----

    /// <summary>All tenants, by id.</summary>
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default);

    /// <summary>One tenant, or null.</summary>
    Task<Tenant?> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Creates a tenant; a duplicate id throws <see cref="StoreConflictException"/>.</summary>
    Task<Tenant> CreateTenantAsync(string tenantId, string name, Actor actor, CancellationToken cancellationToken = default);

    // ---- users ----

    /// <summary>A user by id, regardless of tenant (for the session layer), or null.</summary>
    Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>A user by user name (case-insensitive), or null.</summary>
    Task<User?> FindUserByNameAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>A user who is a member of <paramref name="tenantId"/>, with their role there, or null.</summary>
    Task<TenantUser?> GetTenantUserAsync(string tenantId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Members of one tenant, by user name.</summary>
    Task<IReadOnlyList<TenantUser>> ListUsersAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every tenant a user may act in (memberships that are not disabled), with the role there.</summary>
    Task<IReadOnlyList<Membership>> ListMembershipsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a user and their membership of <paramref name="tenantId"/>. When the user name already
    /// exists in another tenant, adds the membership instead; when it is already a member here,
    /// throws <see cref="StoreConflictException"/>.
    /// </summary>
    Task<TenantUser> AddUserAsync(string tenantId, string username, string? displayName, string? passwordHash, Role role, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Changes a member's role; false when the user is not a member of the tenant.</summary>
    Task<bool> SetRoleAsync(string tenantId, string userId, Role role, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Disables or enables a member in this tenant only (disabling revokes their sessions in this
    /// tenant); their memberships of other tenants are untouched. False when not a member.
    /// </summary>
    Task<bool> SetUserDisabledAsync(string tenantId, string userId, bool disabled, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Sets a user's password hash (audited without the hash); false when no such user.</summary>
    Task<bool> SetPasswordHashAsync(string tenantId, string userId, string passwordHash, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Records a successful login time.</summary>
    Task RecordLoginAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken = default);

    // ---- API tokens ----

    /// <summary>Stores a new token (its hash only).</summary>
    Task<ApiToken> CreateTokenAsync(ApiToken token, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>A token by the hash of its secret, whatever its tenant or state, or null.</summary>
    Task<ApiToken?> FindTokenByHashAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>A tenant's tokens, newest first.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>One of a tenant's tokens, or null.</summary>
    Task<ApiToken?> GetTokenAsync(string tenantId, string tokenId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a token; false when the tenant has no such token. Revoking twice is a no-op that returns true.</summary>
    Task<bool> RevokeTokenAsync(string tenantId, string tokenId, DateTimeOffset at, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Notes that a token was used (not audited; may be throttled by the caller).</summary>
    Task TouchTokenAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken = default);

    // ---- sessions ----

    /// <summary>Stores a new session.</summary>
    Task CreateSessionAsync(Session session, CancellationToken cancellationToken = default);

    /// <summary>A session by id, or null.</summary>
    Task<Session?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Moves a session to another tenant the user belongs to.</summary>
    Task<bool> SwitchSessionTenantAsync(string sessionId, string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Ends a session (logout).</summary>
    Task RevokeSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken = default);

    // ---- set-up links ----

    /// <summary>
    /// Stores a one-time set-up link (the hash of its secret) for a member of
    /// <paramref name="tenantId"/>, audited there as <c>user.setup_link.create</c>: a link lets
    /// whoever holds it set the user's password. A user who is not a member throws <see cref="StoreException"/>.
    /// </summary>
    Task CreateSetupLinkAsync(string tenantId, SetupLink link, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses a set-up link: when it exists, is unused and unexpired, marks it used and returns the
    /// user id, all in one transaction so a link works once even under concurrent requests.
    /// </summary>
    Task<string?> ConsumeSetupLinkAsync(string hash, DateTimeOffset at, CancellationToken cancellationToken = default);

    // ---- audit ----

    // ---- Ingest limits ----

    /// <summary>The tenant's limit overrides (limit key → value), empty when it has none.</summary>
    Task<IReadOnlyDictionary<string, long>> GetLimitOverridesAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every tenant's limit overrides, for the ingest path's cache.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ListLimitOverridesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets (value) or clears (null) overrides of the tenant's limits in one audited change
    /// (<c>tenant.limits.update</c>); returns the overrides afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not a limit, or a value is negative.</exception>
    /// <exception cref="StoreException">The tenant does not exist.</exception>
    Task<IReadOnlyDictionary<string, long>> SetLimitOverridesAsync(string tenantId, IReadOnlyDictionary<string, long?> changes, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Audit entries matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
