using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Nines.Core.Security;

namespace Nines.Security;

/// <summary>Authentication (session cookie and API tokens) and authorization for the whole host.</summary>
internal static class AuthSetup
{
    /// <summary>The policy scheme that picks the token scheme when a bearer header is present, else the cookie.</summary>
    public const string SelectorScheme = "nines";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "nines_session";

    public static IServiceCollection AddNinesAuth(this IServiceCollection services, AuthOptions auth, string dataDirectory)
    {
        // Cookies are encrypted with keys kept in the data directory, so sessions survive restarts.
        services.AddDataProtection()
            .SetApplicationName("nines")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        services.AddSingleton<TokenUsageRecorder>();
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Nines", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.Count > 0 ? NinesClaims.TokenScheme : NinesClaims.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(NinesClaims.TokenScheme, null)
            .AddCookie(NinesClaims.CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = auth.SecureCookie ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.Cookie.IsEssential = true;
                o.ExpireTimeSpan = auth.SessionLifetime;
                o.SlidingExpiration = false;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/forbidden";
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
                // API callers get a status (the body is written by ProblemAuthorizationResultHandler); browsers a redirect.
                o.Events.OnRedirectToLogin = ctx => RequestKind.IsApi(ctx.Request) ? SetStatus(ctx, StatusCodes.Status401Unauthorized) : Redirect(ctx);
                o.Events.OnRedirectToAccessDenied = ctx => RequestKind.IsApi(ctx.Request) ? SetStatus(ctx, StatusCodes.Status403Forbidden) : Redirect(ctx);
            });

        services.AddAuthorizationBuilder()
            .AddNinesRolePolicies()
            .AddPolicy(NinesPolicies.Ingest, p => p.AddRequirements(new IngestRequirement()))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SelectorScheme).RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationHandler, IngestRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    internal static string ForbiddenDetail(HttpContext context)
    {
        var role = context.User.GetRole();
        string? needed = null;
        foreach (var data in context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() ?? [])
        {
            if (data.Policy is { } policy && policy.StartsWith("role:", StringComparison.Ordinal))
            {
                needed = policy["role:".Length..];
            }
        }

        var need = needed is null ? "" : $" This request needs the role '{needed}' or higher.";
        return role is null
            ? "This request needs a role that the caller does not hold." + need
            : $"The caller holds the role '{role.Value.ToName()}' in tenant '{context.User.GetTenant()}', which is not enough.{need}";
    }

    private static Task SetStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
