using System.Security.Claims;
using Nines.Core.Limits;
using Nines.Core.Security;
using Nines.Errors;
using Nines.Hosting;
using Nines.Ingest.Pipeline;
using Nines.Metrics.Storage;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Api;

/// <summary>
/// <c>/api/nines/v1/limits</c>: the caller's tenant's ingest limits — each with its effective
/// value, the configured default and whether the tenant overrides it — and current usage (active
/// series, accepted rates over the last minute, rejections by limit since start). Admins
/// change overrides with PUT: a JSON object of limit key to a number, or null to go back to the default.
/// </summary>
internal static class LimitsApi
{
    public static void MapLimits(this RouteGroupBuilder api)
    {
        api.MapGet("/limits", GetLimits).RequireAuthorization(NinesPolicies.Viewer)
            .WithSummary("The tenant's ingest limits (effective, default, overridden) and usage");
        api.MapPut("/limits", SetLimits).RequireAuthorization(NinesPolicies.Admin)
            .WithSummary("Override the tenant's ingest limits (a number) or reset them (null); audited");
    }

    private static async Task<LimitsView> GetLimits(ClaimsPrincipal user, IControlPlaneStore store, TenantLimitsCache cache, TenantMetricsStorage metrics, IngestUsage usage, CancellationToken ct)
    {
        var tenant = user.GetTenant()!;
        return await ViewAsync(tenant, await store.GetLimitOverridesAsync(tenant, ct), cache, metrics, usage, ct);
    }

    private static async Task<IResult> SetLimits(Dictionary<string, long?> body, ClaimsPrincipal user, IControlPlaneStore store, TenantLimitsCache cache, TenantMetricsStorage metrics, IngestUsage usage, CancellationToken ct)
    {
        if (body.Count == 0)
        {
            return Problems.Invalid($"Send a JSON object of limit keys to numbers (or null to use the default), like {{\"samples_per_second\": 50000}}; known limits: {string.Join(", ", TenantLimits.Keys)}.");
        }

        foreach (var (key, value) in body)
        {
            if (!TenantLimits.IsKnown(key))
            {
                return Problems.Invalid($"'{key}' is not a limit; known limits: {string.Join(", ", TenantLimits.Keys)}.");
            }

            if (value < 0)
            {
                return Problems.Invalid($"{key}: must be 0 (unlimited) or positive; got {value}.");
            }
        }

        var tenant = user.GetTenant()!;
        var overrides = await store.SetLimitOverridesAsync(tenant, body, new Actor(user.GetActorName()), ct);
        await cache.RefreshAsync(ct);
        return Results.Ok(await ViewAsync(tenant, overrides, cache, metrics, usage, ct));
    }

    private static async Task<LimitsView> ViewAsync(string tenant, IReadOnlyDictionary<string, long> overrides, TenantLimitsCache cache, TenantMetricsStorage metrics, IngestUsage usage, CancellationToken ct)
    {
        var effective = cache.Defaults.With(overrides);
        var views = new List<LimitView>(TenantLimits.Keys.Count);
        foreach (var key in TenantLimits.Keys)
        {
            views.Add(new LimitView(key, effective[key], cache.Defaults[key], overrides.ContainsKey(key), TenantLimits.Describe(key)));
        }

        var storage = await metrics.GetAsync(tenant, ct);
        var ingest = usage.For(tenant);
        return new LimitsView(tenant, views, new LimitsUsage(storage.Head.SeriesCount, ingest.SamplesPerSecond, ingest.SpansPerSecond, ingest.LogsPerSecond, ingest.Rejections));
    }
}

/// <summary>One limit: its effective value (0 = unlimited), the configured default, and whether the tenant overrides it.</summary>
internal sealed record LimitView(string Key, long Value, long Default, bool Overridden, string Description);

/// <summary>What the tenant uses now, to compare with its limits: rates are items/s accepted over the last minute; rejections count since start.</summary>
internal sealed record LimitsUsage(long ActiveSeries, double SamplesPerSecond, double SpansPerSecond, double LogsPerSecond, IReadOnlyList<IngestRejections> Rejections);

/// <summary>Answer of GET/PUT /limits.</summary>
internal sealed record LimitsView(string Tenant, IReadOnlyList<LimitView> Limits, LimitsUsage Usage);
