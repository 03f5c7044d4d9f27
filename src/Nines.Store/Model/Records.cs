using Nines.Core.Security;

namespace Nines.Store.Model;

/// <summary>A tenant: the unit of isolation. Every other record belongs to exactly one.</summary>
public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// A person who logs in to the UI. Users are global (one login), and hold a role in one or more
/// tenants through <see cref="Membership"/>. <see cref="PasswordHash"/> is null until the user
/// has set a password (for example through the first-run setup link). Read globally,
/// <see cref="Disabled"/> is a lock on every tenant (reserved; not set today); read through a
/// <see cref="TenantUser"/>, it is the membership's flag.
/// </summary>
public sealed record User(
    string Id,
    string Username,
    string? DisplayName,
    string? PasswordHash,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt);

/// <summary>A user's role in one tenant.</summary>
public sealed record Membership(string UserId, string TenantId, Role Role);

/// <summary>
/// A user as seen from one tenant: the user plus the role they hold there. Here
/// <see cref="User.Disabled"/> is the membership's flag: disabled in this tenant.
/// </summary>
public sealed record TenantUser(User User, Role Role);

/// <summary>
/// An API token. Only <see cref="Hash"/> (see <see cref="ApiTokens.Hash"/>) is stored; the secret
/// is shown once when created. <see cref="Ingest"/> grants the telemetry-ingest permission.
/// </summary>
public sealed record ApiToken(
    string Id,
    string TenantId,
    string Name,
    Role Role,
    bool Ingest,
    string Hash,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>A UI login session. Server-side so that logout, disable and revoke take effect at once.</summary>
public sealed record Session(
    string Id,
    string UserId,
    string TenantId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt);

/// <summary>A one-time link that lets a user set their password (first-run admin, invited users).</summary>
public sealed record SetupLink(string Hash, string UserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>
/// One change, as the audit log keeps it. <see cref="Before"/> and <see cref="After"/> are JSON
/// snapshots of the entity (secrets and hashes left out); null where there was no entity.
/// </summary>
public sealed record AuditEntry(
    long Id,
    string TenantId,
    DateTimeOffset At,
    string Actor,
    string Action,
    string EntityType,
    string EntityId,
    string? Before,
    string? After);

/// <summary>Who makes a change, for the audit log: "user:alice", "token:ci-deploy", "system", "cli".</summary>
public sealed record Actor(string Name)
{
    /// <summary>Changes made by Nines itself (first-run set-up, migrations).</summary>
    public static Actor System { get; } = new("system");

    /// <summary>Changes made through the <c>nines</c> command line on the data directory.</summary>
    public static Actor Cli { get; } = new("cli");

    /// <summary>A UI user.</summary>
    public static Actor User(string username) => new("user:" + username);

    /// <summary>An API token, by its name.</summary>
    public static Actor Token(string name) => new("token:" + name);
}

/// <summary>A filter over the audit log; every field is optional except the tenant.</summary>
public sealed record AuditQuery(
    string TenantId,
    string? Actor = null,
    string? EntityType = null,
    string? EntityId = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? BeforeId = null,
    int Limit = 100);

/// <summary>Which engine a store runs on.</summary>
public enum StoreEngine
{
    /// <summary>An embedded SQLite file in the data directory (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several replicas sharing one store.</summary>
    Postgres,
}

/// <summary>What <see cref="IControlPlaneStore.MigrateAsync"/> did.</summary>
public sealed record MigrationResult(int FromVersion, int ToVersion, IReadOnlyList<string> Applied);
