using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nines.Store;

namespace Nines.Observability;

/// <summary>
/// Kubernetes-style probes. <c>/healthz/live</c>: the process answers. <c>/healthz/startup</c>:
/// start-up (migrations, first-run set-up) finished. <c>/healthz/ready</c>: the store answers at
/// this binary's schema version and the host's background services run (not shutting down).
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";
    private const string StartupTag = "startup";

    public static IServiceCollection AddNinesHealth(this IServiceCollection services)
    {
        services.AddSingleton<StartupState>();
        services.AddHealthChecks()
            .AddCheck<StartupCheck>("startup", tags: [StartupTag, ReadyTag])
            .AddCheck<StoreCheck>("store", tags: [ReadyTag])
            .AddCheck<LifetimeCheck>("lifetime", tags: [ReadyTag]);
        return services;
    }

    public static void MapNinesHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz/live", Options(_ => false)).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapHealthChecks("/healthz/startup", Options(c => c.Tags.Contains(StartupTag))).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapHealthChecks("/healthz/ready", Options(c => c.Tags.Contains(ReadyTag))).AllowAnonymous().ExcludeFromDescription();
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var checks = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, entry) in report.Entries)
        {
            checks[name] = new { status = entry.Status.ToString().ToLowerInvariant(), detail = entry.Description };
        }

        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString().ToLowerInvariant(), checks }, cancellationToken: context.RequestAborted);
    }

    /// <summary>Set by the server once migrations and first-run set-up are done.</summary>
    internal sealed class StartupState
    {
        public volatile bool Completed;
    }

    private sealed class StartupCheck(StartupState state) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(state.Completed ? HealthCheckResult.Healthy("start-up finished") : HealthCheckResult.Unhealthy("starting"));
    }

    private sealed class StoreCheck(IControlPlaneStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await store.IsReadyAsync(cancellationToken)
                    ? HealthCheckResult.Healthy($"{store.Engine} store migrated")
                    : HealthCheckResult.Unhealthy($"{store.Engine} store is not at this binary's schema version");
            }
            catch (Exception e) when (e is StoreException or InvalidOperationException or IOException or System.Data.Common.DbException)
            {
                return HealthCheckResult.Unhealthy($"{store.Engine} store does not answer: {e.Message}");
            }
        }
    }

    private sealed class LifetimeCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("shutting down"));
            }

            return Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy("background services running")
                : HealthCheckResult.Unhealthy("background services starting"));
        }
    }
}
