using Nines.Metrics.Storage;

namespace Nines.Hosting;

/// <summary>
/// Ties the metrics storage to the host's life: at start every tenant on disk is replayed (before
/// the server reports ready), at stop every WAL is flushed and closed after Kestrel has drained the
/// in-flight requests (hosted services stop in reverse order of start, and the web server starts last).
/// </summary>
internal sealed partial class MetricsStorageService(TenantMetricsStorage storage, ILogger<MetricsStorageService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenants = await storage.OpenExistingAsync(cancellationToken);
        if (tenants > 0)
        {
            Log.Replayed(logger, tenants);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await storage.DisposeAsync();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Replayed the metrics WAL of {Tenants} tenant(s)")]
        public static partial void Replayed(ILogger logger, int tenants);
    }
}
