using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Nines.Core.Limits;
using Nines.Ingest.Pipeline;

namespace Nines.Ingest.Tests.Pipeline;

/// <summary>An <see cref="IngestLimiter"/> over fixed limits, for tests that build ingest components by hand.</summary>
internal static class TestLimiter
{
    public static IngestLimiter Create(TenantLimits? limits = null, TimeProvider? time = null)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new IngestLimiter(new Fixed(limits ?? TenantLimits.Defaults), new IngestMetrics(meters), time ?? TimeProvider.System);
    }

    private sealed class Fixed(TenantLimits limits) : ITenantLimitsSource
    {
        public TenantLimits For(string tenantId) => limits;
    }
}
