using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Metrics.Storage;

namespace Nines.Ingest.Scrape;

/// <summary>Registers the scrape manager.</summary>
public static class ScrapeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that scrapes <paramref name="jobs"/> into the tenants' metrics storage
    /// (a registered <see cref="TenantMetricsStorage"/>). Nothing runs when the list is empty.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="jobs">The validated scrape_configs.</param>
    /// <param name="globalInterval">global.scrape_interval.</param>
    /// <param name="globalTimeout">global.scrape_timeout.</param>
    public static IServiceCollection AddNinesScrape(this IServiceCollection services, IReadOnlyList<ScrapeConfig> jobs, TimeSpan globalInterval, TimeSpan globalTimeout)
    {
        if (jobs.Count == 0)
        {
            return services;
        }

        services.AddSingleton(sp => new ScrapeManager(
            [.. jobs.Select(j => new ScrapeJob(j, globalInterval, globalTimeout))],
            new StorageScrapeSink(sp.GetRequiredService<TenantMetricsStorage>()),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<Pipeline.IngestPipeline>()?.Redactor));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ScrapeManager>());
        return services;
    }
}
