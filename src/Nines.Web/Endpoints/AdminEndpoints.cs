using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Nines.Core.Security;
using Nines.Store;
using Nines.Web.Security;

namespace Nines.Web.Endpoints;

/// <summary>
/// The admin pages' row actions (change a role, disable or enable a user, revoke a token). Each
/// acts in the tenant of the signed-in admin, never one named by the form, and redirects back to
/// its page with an outcome code the page turns into a message.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/users/{userId}/role", SetRoleAsync).RequireAuthorization(NinesPolicies.Admin).AsFormEndpoint();
        endpoints.MapPost("/admin/users/{userId}/disable", (HttpContext http, string userId, IControlPlaneStore store) => SetDisabledAsync(http, userId, true, store))
            .RequireAuthorization(NinesPolicies.Admin).AsFormEndpoint();
        endpoints.MapPost("/admin/users/{userId}/enable", (HttpContext http, string userId, IControlPlaneStore store) => SetDisabledAsync(http, userId, false, store))
            .RequireAuthorization(NinesPolicies.Admin).AsFormEndpoint();
        endpoints.MapPost("/admin/tokens/{tokenId}/revoke", RevokeTokenAsync).RequireAuthorization(NinesPolicies.Admin).AsFormEndpoint();
    }

    private static async Task<IResult> SetRoleAsync(HttpContext http, string userId, [FromForm(Name = "role")] string? role, IControlPlaneStore store)
    {
        var admin = CurrentUser.Require(http.User);
        if (userId == admin.Id)
        {
            return UsersPage("error=self");
        }

        if (!Roles.TryParse(role, out var parsed))
        {
            return UsersPage("error=role");
        }

        return await store.SetRoleAsync(admin.TenantId, userId, parsed.Value, admin.Actor, http.RequestAborted)
            ? UsersPage("ok=role&user=" + Uri.EscapeDataString(userId))
            : UsersPage("error=missing");
    }

    private static async Task<IResult> SetDisabledAsync(HttpContext http, string userId, bool disabled, IControlPlaneStore store)
    {
        var admin = CurrentUser.Require(http.User);
        if (userId == admin.Id)
        {
            return UsersPage("error=self");
        }

        return await store.SetUserDisabledAsync(admin.TenantId, userId, disabled, admin.Actor, http.RequestAborted)
            ? UsersPage((disabled ? "ok=disabled" : "ok=enabled") + "&user=" + Uri.EscapeDataString(userId))
            : UsersPage("error=missing");
    }

    private static async Task<IResult> RevokeTokenAsync(HttpContext http, string tokenId, IControlPlaneStore store, TimeProvider time)
    {
        var admin = CurrentUser.Require(http.User);
        return await store.RevokeTokenAsync(admin.TenantId, tokenId, time.GetUtcNow(), admin.Actor, http.RequestAborted)
            ? Results.Redirect("/admin/tokens?ok=revoked&token=" + Uri.EscapeDataString(tokenId))
            : Results.Redirect("/admin/tokens?error=missing");
    }

    private static IResult UsersPage(string query) => Results.Redirect("/admin/users?" + query);
}
