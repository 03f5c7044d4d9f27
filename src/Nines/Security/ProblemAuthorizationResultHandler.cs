using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Nines.Errors;

namespace Nines.Security;

/// <summary>
/// Runs the default challenge/forbid, then gives API callers a problem+json body that says why:
/// no token, which token failure, or which role was missing.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (!RequestKind.IsApi(context.Request) || RequestKind.IsGrpc(context.Request) || context.Response.HasStarted)
        {
            return;
        }

        if (authorizeResult.Challenged && context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            var detail = context.Items[TokenAuthenticationHandler.FailureReasonKey] as string
                ?? "Send an API token as 'Authorization: Bearer <token>' (create one with 'nines token create' or on the API tokens page).";
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", detail);
        }
        else if (authorizeResult.Forbidden && context.Response.StatusCode == StatusCodes.Status403Forbidden)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", ForbiddenDetail(context, policy));
        }
    }

    private static string ForbiddenDetail(HttpContext context, AuthorizationPolicy policy)
    {
        foreach (var requirement in policy.Requirements)
        {
            if (requirement is IngestRequirement)
            {
                return "This token may not ingest telemetry: create one with the ingest permission ('nines token create --ingest').";
            }
        }

        return AuthSetup.ForbiddenDetail(context);
    }
}
