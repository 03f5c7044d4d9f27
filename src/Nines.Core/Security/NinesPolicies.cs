using Microsoft.AspNetCore.Authorization;

namespace Nines.Core.Security;

/// <summary>
/// Authorization policy names. An endpoint asks for the lowest role that may call it; higher
/// roles pass too. <see cref="Ingest"/> is separate from the role ladder.
/// </summary>
public static class NinesPolicies
{
    /// <summary>Any authenticated principal of the tenant.</summary>
    public const string Viewer = "role:viewer";

    /// <summary>Responder or above.</summary>
    public const string Responder = "role:responder";

    /// <summary>Editor or above.</summary>
    public const string Editor = "role:editor";

    /// <summary>Admin only.</summary>
    public const string Admin = "role:admin";

    /// <summary>Telemetry ingest (a token with the ingest permission, or anonymous ingest when enabled).</summary>
    public const string Ingest = "ingest";

    /// <summary>The policy name for a role.</summary>
    public static string For(Role role) => "role:" + role.ToName();

    /// <summary>Registers the role policies. Both schemes (cookie and token) are accepted.</summary>
    public static AuthorizationBuilder AddNinesRolePolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in Roles.All)
        {
            var required = role;
            builder.AddPolicy(For(role), p => p
                .AddAuthenticationSchemes(NinesClaims.CookieScheme, NinesClaims.TokenScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => ctx.User.GetRole() is { } held && held.Satisfies(required)));
        }

        return builder;
    }
}
