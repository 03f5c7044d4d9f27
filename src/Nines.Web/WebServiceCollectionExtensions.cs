using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Web.Components;
using Nines.Web.Endpoints;
using Nines.Web.Security;

namespace Nines.Web;

/// <summary>The UI's public surface: register its services, map its pages.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// Registers the UI's services: Razor components (static server-side rendering only) and the
    /// log-in throttle. Needs from the host: <see cref="TimeProvider"/>, the control-plane store,
    /// <c>IOptions&lt;AuthOptions&gt;</c>, authentication with the cookie scheme, authorization and
    /// antiforgery.
    /// </summary>
    public static IServiceCollection AddNinesWeb(this IServiceCollection services, Action<NinesWebOptions>? configure = null)
    {
        services.AddRazorComponents();
        services.AddSingleton<LoginThrottle>();
        var options = services.AddOptions<NinesWebOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    /// <summary>
    /// Maps the UI: the application's static web assets (anonymous; this is the app's only
    /// <c>MapStaticAssets</c> call), the pages, and the form endpoints (log-out, tenant switch,
    /// admin row actions). Call after <c>UseAuthentication</c>, <c>UseAuthorization</c> and
    /// <c>UseAntiforgery</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapNinesWeb(this IEndpointRouteBuilder endpoints)
    {
        var environment = endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        var manifest = Path.Combine(AppContext.BaseDirectory, environment.ApplicationName + ".staticwebassets.endpoints.json");
        if (File.Exists(manifest))
        {
            endpoints.MapStaticAssets(manifest).AllowAnonymous();
        }
        else
        {
            // Built without the asset manifest (for example -p:NinesSkipFrontEnd=true): pages still work, unstyled.
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Nines.Web")
                .LogWarning("The static web assets manifest {Manifest} is missing: the UI is served without styles and scripts.", manifest);
        }

        endpoints.MapRazorComponents<App>();
        endpoints.MapSessionEndpoints();
        endpoints.MapAdminEndpoints();
        return endpoints;
    }
}
