using Nines.Metrics.Index;

namespace Nines.Metrics.Head;

public sealed partial class HeadBlock
{
    /// <summary>
    /// Series matching all <paramref name="matchers"/> (PromQL semantics) with samples in
    /// [<paramref name="mint"/>, <paramref name="maxt"/>] (inclusive, milliseconds), sorted by labels.
    /// </summary>
    public IReadOnlyList<SelectedSeries> Select(IReadOnlyList<Matcher> matchers, long mint, long maxt)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var ids = _postings.Select(matchers);
        var result = new List<SelectedSeries>(ids.Length);
        foreach (var id in ids)
        {
            var series = GetSeries(id);
            if (series is null)
            {
                continue;
            }

            ChunkSnapshot[] chunks;
            lock (series.Sync)
            {
                chunks = series.Snapshot(mint, maxt);
            }

            if (chunks.Length != 0)
            {
                result.Add(new SelectedSeries(series.Labels, chunks, mint, maxt));
            }
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    /// <summary>All label names in the head, sorted.</summary>
    public IReadOnlyList<string> LabelNames() => _postings.LabelNames();

    /// <summary>All values of label <paramref name="name"/> in the head, sorted.</summary>
    public IReadOnlyList<string> LabelValues(string name) => _postings.LabelValues(name);
}
