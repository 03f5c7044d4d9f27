using Nines.Metrics.Index;
using Nines.Metrics.Labels;

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
        var chunks = new List<(LabelSet Labels, ChunkSnapshot[] Chunks)>();
        SelectChunks(matchers, mint, maxt, chunks);
        var result = new List<SelectedSeries>(chunks.Count);
        foreach (var (labels, snapshot) in chunks)
        {
            result.Add(new SelectedSeries(labels, snapshot, mint, maxt));
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    /// <summary>As <see cref="Select"/>, the raw chunk snapshots in series id order: the storage merges them with blocks.</summary>
    internal void SelectChunks(IReadOnlyList<Matcher> matchers, long mint, long maxt, List<(LabelSet Labels, ChunkSnapshot[] Chunks)> result)
    {
        var ids = _postings.Select(matchers);
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
                result.Add((series.Labels, chunks));
            }
        }
    }

    /// <summary>Whether the head has a series with exactly these labels (for series limits: only a new series counts).</summary>
    public bool ContainsSeries(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var hash = labels.Hash;
        var stripe = _stripes[(int)(hash % StripeCount)];
        lock (stripe.Sync)
        {
            stripe.ByHash.TryGetValue(hash, out var head);
            for (var s = head; s is not null; s = s.NextSameHash)
            {
                if (s.Labels.Equals(labels))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>How many head series have metric name <paramref name="metricName"/>.</summary>
    public int SeriesCountOf(string metricName) => _postings.Count(LabelSet.MetricNameLabel, metricName);

    /// <summary>All label names in the head, sorted.</summary>
    public IReadOnlyList<string> LabelNames() => _postings.LabelNames();

    /// <summary>All values of label <paramref name="name"/> in the head, sorted.</summary>
    public IReadOnlyList<string> LabelValues(string name) => _postings.LabelValues(name);
}
