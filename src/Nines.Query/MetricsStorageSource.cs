using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;

namespace Nines.Query;

/// <summary>Reads one tenant's <see cref="MetricsStorage"/> (its <c>Select</c> read seam).</summary>
public sealed class MetricsStorageSource(MetricsStorage storage) : ISeriesSource
{
    /// <inheritdoc />
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt) =>
        storage.Select(matchers, mint, maxt);
}
