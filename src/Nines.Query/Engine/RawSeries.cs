using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;

namespace Nines.Query.Engine;

/// <summary>One series' samples (stale markers removed), loaded once for the whole query range.</summary>
internal sealed class RawSeries(LabelSet labels, long[] timestamps, double[] values, int count)
{
    public LabelSet Labels { get; } = labels;

    public long[] Timestamps { get; } = timestamps;

    public double[] Values { get; } = values;

    public int Count { get; } = count;

    /// <summary>Native-histogram samples by index (value 0 in <see cref="Values"/>), or null when the series has none.</summary>
    public FloatHistogram?[]? Histograms { get; init; }
}
