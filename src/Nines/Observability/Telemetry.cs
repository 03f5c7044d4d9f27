using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Nines.Observability;

/// <summary>
/// Nines' own metrics and traces. Metrics: ASP.NET Core's request RED metrics
/// (<c>http_server_request_duration_seconds</c>), Kestrel's connection metrics, the .NET runtime's
/// (<c>System.Runtime</c>) and every <c>Nines.*</c> meter, exposed at <c>/metrics</c> in the
/// Prometheus text format. Traces: the hosting activity honours an incoming W3C traceparent;
/// sampling is parent-based so a caller's decision is kept.
/// </summary>
internal static class Telemetry
{
    public static IServiceCollection AddNinesTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Nines.*")
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(t => t
                .AddSource("Microsoft.AspNetCore", "Nines.*")
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler())));
        return services;
    }

    public static void MapNinesMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics")
            .RequireAuthorization(Core.Security.NinesPolicies.Viewer)
            .ExcludeFromDescription();
}
