using System.Security.Claims;
using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Web.Security;

/// <summary>Who is signed in, read from the principal the host's authentication built.</summary>
internal sealed record CurrentUser(string Id, string Name, string TenantId, Role Role, string? SessionId, Actor Actor)
{
    /// <summary>The signed-in user, or null when the principal lacks any of the Nines claims.</summary>
    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirst(NinesClaims.Subject)?.Value;
        var name = principal.FindFirst(NinesClaims.Name)?.Value;
        var tenant = principal.GetTenant();
        var role = principal.GetRole();
        if (principal.Identity?.IsAuthenticated != true || id is null || name is null || tenant is null || role is null)
        {
            return null;
        }

        return new CurrentUser(id, name, tenant, role.Value, principal.FindFirst(NinesClaims.SessionId)?.Value, new Actor(principal.GetActorName()));
    }

    /// <summary>The signed-in user; pages behind an authorization policy always have one.</summary>
    public static CurrentUser Require(ClaimsPrincipal principal) =>
        From(principal) ?? throw new InvalidOperationException("The request has no authenticated Nines principal; the page must require a policy.");

    public bool IsAdmin => Role.Satisfies(Core.Security.Role.Admin);
}
