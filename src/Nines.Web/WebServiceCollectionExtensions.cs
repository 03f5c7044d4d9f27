using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Nines.Web;

/// <summary>The UI's public surface: register its services, map its pages.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Registers the UI's services.</summary>
    public static IServiceCollection AddNinesWeb(this IServiceCollection services) => services;

    /// <summary>Maps the UI's pages and static assets.</summary>
    public static IEndpointRouteBuilder MapNinesWeb(this IEndpointRouteBuilder endpoints) => endpoints;
}
