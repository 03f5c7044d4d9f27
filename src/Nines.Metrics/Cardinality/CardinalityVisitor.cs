using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Cardinality;

/// <summary>
/// One pass over the head index for <see cref="CardinalityReport"/>: series per metric and per
/// label pair, values and series per label name, and, per pair, how many of its series were
/// created in the window (ids at or above the window's first new id, found by binary search in
/// the sorted posting list). Allocates per label name, never per pair.
/// </summary>
internal sealed class CardinalityVisitor(int limit, uint firstCreatedId) : IPostingsVisitor
{
    private string? _name;
    private long _nameValues;
    private long _nameSeries;

    public TopList<RankedEntry> MetricsBySeries { get; } = new(limit);

    public TopList<RankedEntry> PairsBySeries { get; } = new(limit);

    public TopList<RankedEntry> PairsByCreated { get; } = new(limit);

    /// <summary>Every label name except the metric name: distinct values and series carrying it.</summary>
    public Dictionary<string, (long Values, long Series)> Names { get; } = new(StringComparer.Ordinal);

    public long Pairs { get; private set; }

    public void LabelName(string name, int valueCount)
    {
        Finish();
        _name = name;
        _nameValues = valueCount;
        _nameSeries = 0;
    }

    public void Pair(string name, string value, ReadOnlySpan<uint> ids)
    {
        _nameSeries += ids.Length;
        if (name == LabelSet.MetricNameLabel)
        {
            MetricsBySeries.Offer(new RankedEntry(ids.Length, value, "", ids.Length, 0, 0, 0));
            return;
        }

        Pairs++;
        var created = CreatedAmong(ids);
        PairsBySeries.Offer(new RankedEntry(ids.Length, name, value, ids.Length, 0, created, 0));
        if (created > 0)
        {
            PairsByCreated.Offer(new RankedEntry(created, name, value, ids.Length, 0, created, 0));
        }
    }

    /// <summary>Closes the last label name; call once after the visit.</summary>
    public void Finish()
    {
        if (_name is not null && _name != LabelSet.MetricNameLabel)
        {
            Names[_name] = (_nameValues, _nameSeries);
        }

        _name = null;
    }

    private long CreatedAmong(ReadOnlySpan<uint> ids)
    {
        if (ids.Length == 0 || ids[^1] < firstCreatedId)
        {
            return 0;
        }

        var at = ids.BinarySearch(firstCreatedId);
        return ids.Length - (at >= 0 ? at : ~at);
    }
}
