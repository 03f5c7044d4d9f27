using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Errors;

namespace Nines.Security;

/// <summary>
/// Two request-level guards that every API shares:
/// <list type="bullet">
/// <item>An <c>X-Scope-OrgID</c> header that names another tenant than the caller's is refused (403):
/// a token or session is bound to its tenant and can never read another's data.</item>
/// <item>A state-changing API call authenticated by the session cookie must carry
/// <c>X-Requested-With</c>: browsers cannot send a custom header cross-site without a CORS
/// pre-flight (which Nines never grants), so this blocks CSRF on the JSON APIs. Forms are
/// protected by antiforgery tokens instead.</item>
/// </list>
/// </summary>
internal sealed class TenantGuardMiddleware(RequestDelegate next)
{
    public const string CsrfHeader = "X-Requested-With";

    public async Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers[TenantId.Header];
        if (header.Count > 0)
        {
            var named = header.ToString();
            if (!TenantId.IsValid(named))
            {
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid tenant",
                    $"{TenantId.Header} '{named}' is not a tenant id ({TenantId.Rule}).");
                return;
            }

            if (context.User.GetTenant() is { } own && own != named)
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Wrong tenant",
                    $"{TenantId.Header} names tenant '{named}', but the caller belongs to tenant '{own}'. Use a token of that tenant.");
                return;
            }
        }

        if (IsUnsafe(context.Request.Method)
            && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && context.User.FindFirst(NinesClaims.Kind)?.Value == "session"
            && context.Request.Headers[CsrfHeader].Count == 0)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "Missing CSRF header",
                $"API calls made with a browser session must send the header '{CsrfHeader}: nines'. Scripts should use an API token instead.");
            return;
        }

        await next(context);
    }

    private static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
