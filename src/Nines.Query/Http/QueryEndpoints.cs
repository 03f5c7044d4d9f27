using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Core.Security;
using Nines.Metrics.Storage;

namespace Nines.Query.Http;

/// <summary>The query module's public surface: its services and the Prometheus HTTP API endpoints.</summary>
public static class QueryEndpoints
{
    /// <summary>Registers the PromQL engine, the per-tenant query limiter and the API handlers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IServiceCollection AddNinesQuery(this IServiceCollection services, QueryApiOptions? options = null)
    {
        options ??= new QueryApiOptions();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new PromQlEngine(options.Engine, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<TenantQueryLimiter>();
        if (options.LogPath is { } logPath)
        {
            services.AddSingleton(sp => new QueryLog(logPath, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<QueryLog>>()));
            services.AddHostedService(sp => sp.GetRequiredService<QueryLog>());
        }

        services.AddSingleton(sp => new PrometheusApi(
            sp.GetRequiredService<PromQlEngine>(),
            sp.GetRequiredService<TenantMetricsStorage>(),
            sp.GetRequiredService<TenantQueryLimiter>(),
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<PrometheusApi>>(),
            sp.GetService<QueryLog>()));
        return services;
    }

    /// <summary>
    /// Maps the Prometheus HTTP API under <c>/api/v1</c>: query, query_range, series, labels, label
    /// values, metadata, query_exemplars, format_query and status/{buildinfo,runtimeinfo,flags,tsdb}.
    /// Every endpoint needs the viewer role and reads the caller's tenant only.
    /// </summary>
    public static IEndpointRouteBuilder MapNinesQuery(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(NinesPolicies.Viewer)
            .DisableAntiforgery()
            .WithTags("Prometheus API");
        Map(api, "/query", (a, c, p) => a.QueryAsync(c, p), post: true, "Instant PromQL query");
        Map(api, "/query_range", (a, c, p) => a.QueryRangeAsync(c, p), post: true, "Range PromQL query");
        Map(api, "/query_exemplars", (a, c, p) => a.QueryExemplarsAsync(c, p), post: true, "Exemplars of the series a query selects");
        Map(api, "/format_query", (a, c, p) => a.FormatQueryAsync(c, p), post: true, "Pretty-prints a PromQL query");
        Map(api, "/series", (a, c, p) => a.SeriesAsync(c, p), post: true, "Series matching selectors");
        Map(api, "/labels", (a, c, p) => a.LabelNamesAsync(c, p), post: true, "Label names");
        Map(api, "/label/{name}/values", (a, c, p) => a.LabelValuesAsync(c, p), post: false, "Values of a label");
        Map(api, "/metadata", (a, c, p) => a.MetadataAsync(c, p), post: false, "Metric metadata (none is stored yet)");
        Map(api, "/status/buildinfo", (a, c, p) => a.BuildInfoAsync(c, p), post: false, "Build information");
        Map(api, "/status/runtimeinfo", (a, c, p) => a.RuntimeInfoAsync(c, p), post: false, "Runtime information");
        Map(api, "/status/flags", (a, c, p) => a.FlagsAsync(c, p), post: false, "Query flags");
        Map(api, "/status/tsdb", (a, c, p) => a.TsdbStatusAsync(c, p), post: false, "Cardinality statistics of the tenant's series");
        return endpoints;
    }

    private static void Map(RouteGroupBuilder group, string pattern, Func<PrometheusApi, HttpContext, ApiParameters, Task> handler, bool post, string summary)
    {
        RequestDelegate run = context =>
        {
            var api = context.RequestServices.GetRequiredService<PrometheusApi>();
            return api.HandleAsync(context, (c, p) => handler(api, c, p));
        };
        group.MapMethods(pattern, post ? [HttpMethods.Get, HttpMethods.Post] : [HttpMethods.Get], run).WithSummary(summary);
    }
}
