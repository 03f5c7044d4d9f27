using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Api;

/// <summary>Who the caller is.</summary>
internal sealed record WhoAmI(string Tenant, string Role, string Name, string Kind, bool Ingest);

/// <summary>A tenant the caller can act in.</summary>
internal sealed record TenantView(string Id, string Name, string Role);

/// <summary>A member of the tenant.</summary>
internal sealed record UserView(string Id, string Username, string? DisplayName, string Role, bool Disabled, bool HasPassword, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt)
{
    public static UserView From(TenantUser member) => new(
        member.User.Id, member.User.Username, member.User.DisplayName, member.Role.ToName(), member.User.Disabled,
        member.User.PasswordHash is not null, member.User.CreatedAt, member.User.LastLoginAt);
}

/// <summary>Body of POST /users.</summary>
internal sealed record CreateUserRequest(string? Username, string? DisplayName, string? Role, string? Password);

/// <summary>Answer to POST /users: the user, and a one-time set-up link when no password was given.</summary>
internal sealed record CreatedUser(UserView User, string? SetupUrl);

/// <summary>Body of PATCH /users/{id}: only the fields present change.</summary>
internal sealed record UpdateUserRequest(string? Role, bool? Disabled);

/// <summary>An API token, without its secret.</summary>
internal sealed record TokenView(string Id, string Name, string Role, bool Ingest, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string State)
{
    public static TokenView From(ApiToken t, DateTimeOffset now) => new(
        t.Id, t.Name, t.Role.ToName(), t.Ingest, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
        t.RevokedAt is not null ? "revoked" : t.ExpiresAt is { } e && e <= now ? "expired" : "active");
}

/// <summary>Body of POST /tokens.</summary>
internal sealed record CreateTokenRequest(string? Name, string? Role, bool? Ingest, DateTimeOffset? ExpiresAt);

/// <summary>Answer to POST /tokens: the secret is shown here and never again.</summary>
internal sealed record CreatedToken(TokenView Token, string Secret);

/// <summary>One audit entry; before/after are JSON documents.</summary>
internal sealed record AuditView(long Id, DateTimeOffset At, string Actor, string Action, string EntityType, string EntityId, System.Text.Json.JsonElement? Before, System.Text.Json.JsonElement? After);

/// <summary>A page of audit entries; <c>next_before_id</c> fetches the next (older) page.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditView> Entries, long? NextBeforeId);
