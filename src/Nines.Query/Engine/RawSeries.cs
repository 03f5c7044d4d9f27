using Nines.Metrics.Labels;

namespace Nines.Query.Engine;

/// <summary>One series' samples (stale markers removed), loaded once for the whole query range.</summary>
internal sealed class RawSeries(LabelSet labels, long[] timestamps, double[] values, int count)
{
    public LabelSet Labels { get; } = labels;

    public long[] Timestamps { get; } = timestamps;

    public double[] Values { get; } = values;

    public int Count { get; } = count;
}
