namespace Nines.Core.Limits;

/// <summary>The effective limits of a tenant, cheap enough to ask on every ingest request.</summary>
public interface ITenantLimitsSource
{
    /// <summary>The tenant's limits: configured defaults with its stored overrides on top.</summary>
    TenantLimits For(string tenantId);
}
