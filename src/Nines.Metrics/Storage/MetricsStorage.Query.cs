using Nines.Metrics.Head;
using Nines.Metrics.Index;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    /// <summary>
    /// The read seam for queries: series matching all <paramref name="matchers"/> (PromQL semantics)
    /// with samples in [<paramref name="mint"/>, <paramref name="maxt"/>] (inclusive, milliseconds),
    /// sorted by labels, each with a snapshot of its samples in range. Sees only acknowledged
    /// samples, from the persisted blocks and the head merged (a sample both hold is returned once).
    /// </summary>
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var blocks = AcquireBlocks(mint, maxt);
        if (blocks.Count == 0)
        {
            return Head.Select(matchers, mint, maxt);
        }

        try
        {
            return SelectMerged(matchers, mint, maxt, blocks);
        }
        finally
        {
            foreach (var block in blocks)
            {
                block.Release();
            }
        }
    }

    /// <summary>Label names of the stored series (head and blocks), sorted.</summary>
    public IReadOnlyList<string> LabelNames()
    {
        var blocks = AcquireBlocks(long.MinValue, long.MaxValue);
        try
        {
            var names = new SortedSet<string>(Head.LabelNames(), StringComparer.Ordinal);
            foreach (var block in blocks)
            {
                names.UnionWith(block.LabelNames());
            }

            return [.. names];
        }
        finally
        {
            foreach (var block in blocks)
            {
                block.Release();
            }
        }
    }

    /// <summary>Values of label <paramref name="name"/> across the stored series (head and blocks), sorted.</summary>
    public IReadOnlyList<string> LabelValues(string name)
    {
        var blocks = AcquireBlocks(long.MinValue, long.MaxValue);
        try
        {
            var values = new SortedSet<string>(Head.LabelValues(name), StringComparer.Ordinal);
            foreach (var block in blocks)
            {
                values.UnionWith(block.LabelValues(name));
            }

            return [.. values];
        }
        finally
        {
            foreach (var block in blocks)
            {
                block.Release();
            }
        }
    }
}
