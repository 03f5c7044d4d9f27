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

    /// <summary>Registers the role policies.</summary>
    public static AuthorizationBuilder AddNinesRolePolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in Roles.All)
        {
            var required = role;
            // No explicit schemes: the host's default (a selector that picks the token scheme when a
            // bearer header is present, else the cookie) authenticates, and its challenge decides
            // between a redirect to /login and a 401.
            builder.AddPolicy(For(role), p => p
                .RequireAuthenticatedUser()
                .RequireAssertion(ctx => ctx.User.GetRole() is { } held && held.Satisfies(required)));
        }

        return builder;
    }
}
