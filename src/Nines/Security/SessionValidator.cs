using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Nines.Core.Security;
using Nines.Store;

namespace Nines.Security;

/// <summary>
/// Checks a session cookie against the server-side session on every request, so that logout,
/// disabling a user, removing them from a tenant or expiry take effect at once, and a changed
/// role is picked up without logging in again.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal?.FindFirst(NinesClaims.SessionId)?.Value;
        var userId = principal?.FindFirst(NinesClaims.Subject)?.Value;
        var tenant = principal?.GetTenant();
        if (principal is null || sessionId is null || userId is null || tenant is null)
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var store = services.GetRequiredService<IControlPlaneStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var ct = context.HttpContext.RequestAborted;

        var session = await store.GetSessionAsync(sessionId, ct);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now || session.UserId != userId)
        {
            await RejectAsync(context);
            return;
        }

        var member = await store.GetTenantUserAsync(session.TenantId, userId, ct);
        if (member is null || member.User.Disabled)
        {
            await RejectAsync(context);
            return;
        }

        if (session.TenantId != tenant || principal.GetRole() != member.Role)
        {
            context.ReplacePrincipal(NinesClaims.ForSession(sessionId, userId, member.User.Username, session.TenantId, member.Role));
            context.ShouldRenew = true;
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(NinesClaims.CookieScheme);
    }
}
