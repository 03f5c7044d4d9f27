using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Web.Security;

/// <summary>Starts a UI session (log-in, set-up link) and re-issues its cookie (tenant switch).</summary>
internal static class SessionSignIn
{
    /// <summary>Remembers the tenant last used in this browser, so the next log-in opens it again.</summary>
    public const string LastTenantCookie = "nines_tenant";

    /// <summary>The tenant a new session opens: the one last used here when still a member, else the first.</summary>
    public static Membership? PickTenant(IReadOnlyList<Membership> memberships, string? lastUsed)
    {
        foreach (var membership in memberships)
        {
            if (membership.TenantId == lastUsed)
            {
                return membership;
            }
        }

        return memberships.Count > 0 ? memberships[0] : null;
    }

    /// <summary>Creates the server-side session, records the log-in and sets the session cookie.</summary>
    public static async Task SignInAsync(HttpContext http, IControlPlaneStore store, TimeProvider time, AuthOptions auth, User user, Membership membership, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var session = new Session(Ids.New(time), user.Id, membership.TenantId, now, now + auth.SessionLifetime, null);
        await store.CreateSessionAsync(session, ct);
        await store.RecordLoginAsync(user.Id, now, ct);
        await IssueCookieAsync(http, session, user.Username, membership.Role);
        RememberTenant(http, auth, membership.TenantId);
    }

    /// <summary>Sets the session cookie for <paramref name="session"/>, acting with <paramref name="role"/> in its tenant.</summary>
    public static Task IssueCookieAsync(HttpContext http, Session session, string username, Role role) =>
        http.SignInAsync(
            NinesClaims.CookieScheme,
            NinesClaims.ForSession(session.Id, session.UserId, username, session.TenantId, role),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = session.ExpiresAt, AllowRefresh = false });

    public static void RememberTenant(HttpContext http, AuthOptions auth, string tenantId) =>
        http.Response.Cookies.Append(LastTenantCookie, tenantId, new CookieOptions
        {
            HttpOnly = true,
            Secure = auth.SecureCookie || http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
            Path = "/",
        });
}
