using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;

namespace Nines.Query.Http;

/// <summary>The engine's view of one tenant's metrics storage.</summary>
internal sealed class TenantSeriesSource(MetricsStorage storage) : ISeriesSource
{
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt) =>
        storage.Select(matchers, mint, maxt);
}
