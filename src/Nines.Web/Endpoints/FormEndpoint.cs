using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nines.Web.Endpoints;

/// <summary>
/// Conventions of the UI's plain form endpoints (log-out, tenant switch, admin row actions): they
/// take an HTML form with an antiforgery token, answer with a redirect (POST-redirect-GET), and
/// are not part of the API (no OpenAPI entry).
/// </summary>
internal static class FormEndpoint
{
    public static RouteHandlerBuilder AsFormEndpoint(this RouteHandlerBuilder builder) => builder
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .AddEndpointFilter(async (context, next) =>
        {
            // UseAntiforgery only records its verdict (a handler that binds no form field would
            // never look at it), and validates nothing when the host left it out: check here.
            var http = context.HttpContext;
            var valid = http.Features.Get<IAntiforgeryValidationFeature>()?.IsValid
                ?? await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
            if (!valid)
            {
                return Results.Text(
                    "This form has expired or did not come from this site. Go back, reload the page and try again.",
                    "text/plain; charset=utf-8",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            return await next(context);
        })
        .ExcludeFromDescription();
}
