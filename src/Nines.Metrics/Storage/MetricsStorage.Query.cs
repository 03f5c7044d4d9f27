using Nines.Metrics.Head;
using Nines.Metrics.Index;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    /// <summary>
    /// The read seam for queries: series matching all <paramref name="matchers"/> (PromQL semantics)
    /// with samples in [<paramref name="mint"/>, <paramref name="maxt"/>] (inclusive, milliseconds),
    /// sorted by labels, each with a snapshot of its samples in range. Sees only acknowledged
    /// samples. Today the head alone; once blocks exist, head and blocks merged.
    /// </summary>
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Head.Select(matchers, mint, maxt);
    }

    /// <summary>Label names of the stored series, sorted.</summary>
    public IReadOnlyList<string> LabelNames() => Head.LabelNames();

    /// <summary>Values of label <paramref name="name"/> across the stored series, sorted.</summary>
    public IReadOnlyList<string> LabelValues(string name) => Head.LabelValues(name);
}
