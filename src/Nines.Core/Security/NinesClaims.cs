using System.Security.Claims;

namespace Nines.Core.Security;

/// <summary>
/// The claims every authenticated Nines principal carries, whether it came from a session cookie
/// or an API token, and the authentication scheme names.
/// </summary>
public static class NinesClaims
{
    /// <summary>The tenant the principal acts in.</summary>
    public const string Tenant = "nines:tenant";

    /// <summary>The role (lower-case name) the principal holds in that tenant.</summary>
    public const string Role = "nines:role";

    /// <summary>"true" when the principal may ingest telemetry.</summary>
    public const string Ingest = "nines:ingest";

    /// <summary>The user id (sessions) or token id (tokens).</summary>
    public const string Subject = "nines:sub";

    /// <summary>Display name for the audit log: the user name or the token's name.</summary>
    public const string Name = "nines:name";

    /// <summary>"session" or "token".</summary>
    public const string Kind = "nines:kind";

    /// <summary>The server-side session id (sessions only).</summary>
    public const string SessionId = "nines:sid";

    /// <summary>The cookie scheme used by the UI.</summary>
    public const string CookieScheme = "nines-session";

    /// <summary>The bearer-token scheme used by the APIs.</summary>
    public const string TokenScheme = "nines-token";

    /// <summary>Builds the principal for a UI session.</summary>
    public static ClaimsPrincipal ForSession(string sessionId, string userId, string username, string tenantId, Core.Security.Role role) =>
        Build(CookieScheme, "session", userId, username, tenantId, role, ingest: false, sessionId);

    /// <summary>Builds the principal for an API token.</summary>
    public static ClaimsPrincipal ForToken(string tokenId, string tokenName, string tenantId, Core.Security.Role role, bool ingest) =>
        Build(TokenScheme, "token", tokenId, tokenName, tenantId, role, ingest, sessionId: null);

    /// <summary>The tenant of an authenticated principal, or null.</summary>
    public static string? GetTenant(this ClaimsPrincipal principal) => principal.FindFirst(Tenant)?.Value;

    /// <summary>The role of an authenticated principal, or null.</summary>
    public static Core.Security.Role? GetRole(this ClaimsPrincipal principal) =>
        Roles.TryParse(principal.FindFirst(Role)?.Value, out var role) ? role : null;

    /// <summary>The display name for the audit log ("user:alice", "token:ci").</summary>
    public static string GetActorName(this ClaimsPrincipal principal)
    {
        var kind = principal.FindFirst(Kind)?.Value;
        var name = principal.FindFirst(Name)?.Value ?? "unknown";
        return kind == "token" ? "token:" + name : "user:" + name;
    }

    private static ClaimsPrincipal Build(string scheme, string kind, string subject, string name, string tenantId, Core.Security.Role role, bool ingest, string? sessionId)
    {
        var claims = new List<Claim>
        {
            new(Subject, subject),
            new(Name, name),
            new(Tenant, tenantId),
            new(Role, role.ToName()),
            new(Kind, kind),
            new(ClaimTypes.Name, name),
        };
        if (ingest)
        {
            claims.Add(new Claim(Ingest, "true"));
        }

        if (sessionId is not null)
        {
            claims.Add(new Claim(SessionId, sessionId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, Name, Role));
    }
}
