using System.Data.Common;
using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Store.Sql;

// Column lists and the readers that turn their rows into records, kept side by side so they agree.
internal static class Rows
{
    public const string UserColumns = "u.id, u.username, u.display_name, u.password_hash, u.disabled, u.created_at, u.last_login_at";

    // A user as seen from one tenant (m = memberships): "disabled" is the membership's flag.
    public const string MemberColumns = "u.id, u.username, u.display_name, u.password_hash, m.disabled, u.created_at, u.last_login_at";

    public const string TokenColumns = "id, tenant_id, name, role, ingest, hash, created_by, created_at, expires_at, revoked_at, last_used_at";

    public const string SessionColumns = "id, user_id, tenant_id, created_at, expires_at, revoked_at";

    public const string AuditColumns = "id, tenant_id, at, actor, action, entity_type, entity_id, before_json, after_json";

    // Timestamps are stored as Unix milliseconds (UTC).
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    // The value as it reads back from the store: UTC, to the millisecond.
    public static DateTimeOffset Truncate(DateTimeOffset value) => FromMs(ToMs(value));

    public static DateTimeOffset? Truncate(DateTimeOffset? value) => value is { } v ? Truncate(v) : null;

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static Tenant Tenant(DbDataReader r) => new(r.GetString(0), r.GetString(1), FromMs(r.GetInt64(2)));

    // A user from UserColumns at the start of the row.
    public static User User(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        NullableString(r, 2),
        NullableString(r, 3),
        r.GetBoolean(4),
        FromMs(r.GetInt64(5)),
        NullableTime(r, 6));

    // A user from MemberColumns followed by the membership's role.
    public static TenantUser TenantUser(DbDataReader r) => new(User(r), Role(r.GetString(7)));

    public static Membership Membership(DbDataReader r) => new(r.GetString(0), r.GetString(1), Role(r.GetString(2)));

    public static ApiToken Token(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        Role(r.GetString(3)),
        r.GetBoolean(4),
        r.GetString(5),
        r.GetString(6),
        FromMs(r.GetInt64(7)),
        NullableTime(r, 8),
        NullableTime(r, 9),
        NullableTime(r, 10));

    public static Session Session(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        FromMs(r.GetInt64(3)),
        FromMs(r.GetInt64(4)),
        NullableTime(r, 5));

    public static AuditEntry Audit(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        FromMs(r.GetInt64(2)),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        NullableString(r, 7),
        NullableString(r, 8));

    private static Role Role(string name) =>
        Roles.TryParse(name, out var role)
            ? role.Value
            : throw new StoreException($"the store holds an unknown role '{name}' (expected one of {Roles.Names}); was it written by a newer nines?");

    private static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateTimeOffset? NullableTime(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : FromMs(r.GetInt64(ordinal));
}
