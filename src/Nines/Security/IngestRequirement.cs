using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Nines.Configuration;
using Nines.Core.Security;

namespace Nines.Security;

/// <summary>Telemetry ingest: a token holding the ingest permission, or anyone when anonymous ingest is on.</summary>
internal sealed class IngestRequirement : IAuthorizationRequirement;

internal sealed class IngestRequirementHandler(IOptions<NinesOptions> options) : AuthorizationHandler<IngestRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, IngestRequirement requirement)
    {
        // A token that was sent but is invalid never falls back to anonymous ingest.
        var badToken = context.Resource is HttpContext http && http.Items.ContainsKey(TokenAuthenticationHandler.FailureReasonKey);
        if (context.User.HasClaim(NinesClaims.Ingest, "true") || (options.Value.Auth.AnonymousIngest && !badToken))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
