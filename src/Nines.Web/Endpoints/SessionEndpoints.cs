using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Nines.Core.Security;
using Nines.Store;
using Nines.Web.Security;

namespace Nines.Web.Endpoints;

/// <summary>Log-out and tenant switch: the header's two forms.</summary>
internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/logout", LogOutAsync).RequireAuthorization(NinesPolicies.Viewer).AsFormEndpoint();
        endpoints.MapPost("/session/tenant", SwitchTenantAsync).RequireAuthorization(NinesPolicies.Viewer).AsFormEndpoint();
    }

    private static async Task<IResult> LogOutAsync(HttpContext http, IControlPlaneStore store, TimeProvider time)
    {
        if (CurrentUser.From(http.User)?.SessionId is { } sessionId)
        {
            await store.RevokeSessionAsync(sessionId, time.GetUtcNow(), http.RequestAborted);
        }

        await http.SignOutAsync(NinesClaims.CookieScheme);
        return Results.Redirect("/login");
    }

    private static async Task<IResult> SwitchTenantAsync(
        HttpContext http,
        [FromForm(Name = "tenant")] string? tenant,
        [FromForm(Name = "returnUrl")] string? returnUrl,
        IControlPlaneStore store,
        IOptions<AuthOptions> auth)
    {
        var back = LocalUrl.OrDefault(returnUrl);
        var user = CurrentUser.From(http.User);
        if (user?.SessionId is not { } sessionId)
        {
            // An API token has no session to move.
            return Results.Redirect(back);
        }

        var ct = http.RequestAborted;
        var membership = (await store.ListMembershipsAsync(user.Id, ct)).FirstOrDefault(m => m.TenantId == tenant);
        if (membership is null || membership.TenantId == user.TenantId)
        {
            return Results.Redirect(back);
        }

        var session = await store.GetSessionAsync(sessionId, ct);
        if (session is null || !await store.SwitchSessionTenantAsync(sessionId, membership.TenantId, ct))
        {
            return Results.Redirect("/login");
        }

        await SessionSignIn.IssueCookieAsync(http, session with { TenantId = membership.TenantId }, user.Name, membership.Role);
        SessionSignIn.RememberTenant(http, auth.Value, membership.TenantId);

        // An admin page may not be open to the role held in the new tenant.
        return Results.Redirect(back.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) && !membership.Role.Satisfies(Role.Admin) ? "/" : back);
    }
}
