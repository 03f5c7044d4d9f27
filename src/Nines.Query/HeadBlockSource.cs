using Nines.Metrics.Head;
using Nines.Metrics.Index;

namespace Nines.Query;

/// <summary>Reads a bare <see cref="HeadBlock"/> (tests, benchmarks, tools).</summary>
public sealed class HeadBlockSource(HeadBlock head) : ISeriesSource
{
    /// <inheritdoc />
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt) =>
        head.Select(matchers, mint, maxt);
}
