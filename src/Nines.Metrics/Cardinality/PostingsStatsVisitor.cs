using System.Text;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Cardinality;

/// <summary>
/// Prometheus' MemPostings.Stats over the head index (tsdb/index/postings.go): every label name,
/// the metric name included, by distinct values and by bytes of values × series; pairs by series;
/// metrics by series. Reads only the index: no series, chunk or sample.
/// </summary>
internal sealed class PostingsStatsVisitor(int limit) : IPostingsVisitor
{
    private string? _name;
    private long _nameValues;
    private long _nameBytes;

    public TopList<RankedEntry> MetricsBySeries { get; } = new(limit);

    public TopList<RankedEntry> NamesByValues { get; } = new(limit);

    public TopList<RankedEntry> NamesByBytes { get; } = new(limit);

    public TopList<RankedEntry> PairsBySeries { get; } = new(limit);

    public long Pairs { get; private set; }

    public void LabelName(string name, int valueCount)
    {
        Finish();
        _name = name;
        _nameValues = valueCount;
        _nameBytes = 0;
    }

    public void Pair(string name, string value, ReadOnlySpan<uint> ids)
    {
        if (ids.Length == 0)
        {
            return;
        }

        Pairs++;
        if (name == LabelSet.MetricNameLabel)
        {
            MetricsBySeries.Offer(new RankedEntry(ids.Length, value, "", ids.Length, 0, 0, 0));
        }

        // Go's len(value): bytes of the UTF-8 encoding.
        _nameBytes += (long)Encoding.UTF8.GetByteCount(value) * ids.Length;
        PairsBySeries.Offer(new RankedEntry(ids.Length, name, value, ids.Length, 0, 0, 0));
    }

    /// <summary>Closes the last label name; call once after the visit.</summary>
    public void Finish()
    {
        if (_name is not null)
        {
            NamesByValues.Offer(new RankedEntry(_nameValues, _name, "", 0, _nameValues, 0, 0));
            NamesByBytes.Offer(new RankedEntry(_nameBytes, _name, "", 0, 0, 0, 0));
        }

        _name = null;
    }
}
