using System.Collections.Frozen;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Core.Limits;
using Nines.Store;

namespace Nines.Hosting;

/// <summary>
/// Every tenant's effective limits in memory, so the ingest path never waits for the store: the
/// configured defaults with each tenant's stored overrides on top. Loaded before the server
/// listens, refreshed every <see cref="Interval"/> (so a change made on another replica arrives
/// within it) and at once after a change through this replica's API.
/// </summary>
internal sealed partial class TenantLimitsCache(IControlPlaneStore store, TenantLimits defaults, TimeProvider time, ILogger<TenantLimitsCache> logger)
    : BackgroundService, ITenantLimitsSource
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private volatile FrozenDictionary<string, TenantLimits> _byTenant = FrozenDictionary<string, TenantLimits>.Empty;

    /// <summary>The configured defaults, without any tenant's overrides.</summary>
    public TenantLimits Defaults => defaults;

    public TenantLimits For(string tenantId) => _byTenant.TryGetValue(tenantId, out var limits) ? limits : defaults;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var all = await store.ListLimitOverridesAsync(cancellationToken);
        var byTenant = new Dictionary<string, TenantLimits>(all.Count, StringComparer.Ordinal);
        foreach (var (tenant, overrides) in all)
        {
            try
            {
                byTenant[tenant] = defaults.With(overrides);
            }
            catch (ArgumentException e)
            {
                // A key written by a newer binary: keep the rest of the tenant's limits working.
                Log.UnknownOverride(logger, tenant, e.Message);
                byTenant[tenant] = defaults;
            }
        }

        _byTenant = byTenant.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (StoreException e)
            {
                Log.RefreshFailed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not refresh tenant limits from the store; the last known limits stay in force")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Tenant {Tenant} has a limit override this binary does not know ({Reason}); using the defaults for it")]
        public static partial void UnknownOverride(ILogger logger, string tenant, string reason);
    }
}
