using Nines.Metrics.Head;
using Nines.Metrics.Index;

namespace Nines.Query;

/// <summary>
/// Where the engine reads series from: one tenant's metrics (<c>MetricsStorage.Select</c>) in the
/// host, a <c>HeadBlock</c> in tests.
/// </summary>
public interface ISeriesSource
{
    /// <summary>Series matching all <paramref name="matchers"/> with samples in [<paramref name="mint"/>, <paramref name="maxt"/>] ms, sorted by labels.</summary>
    IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt);

    /// <summary>
    /// As <see cref="Select(IReadOnlyList{Matcher}, long, long)"/>, knowing what the samples are
    /// for: a source with downsampled data may answer with an aggregate (and set the hints' outputs).
    /// </summary>
    IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt, SelectHints hints) =>
        Select(matchers, mint, maxt);
}
