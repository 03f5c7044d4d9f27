namespace Nines.Metrics.Cardinality;

/// <summary>
/// The head's statistics as Prometheus' <c>/api/v1/status/tsdb</c> reports them: head totals and,
/// from the inverted index, the top rows of each table (tsdb/index/postings.go <c>Stats</c>).
/// The metric name counts as a label name like any other.
/// </summary>
/// <param name="Series">Series in the head.</param>
/// <param name="LabelPairs">Distinct label name/value pairs, metric names included.</param>
/// <param name="Chunks">Chunks in the head, the open one of each series included.</param>
/// <param name="MinTime">The head's oldest time, long.MaxValue when empty.</param>
/// <param name="MaxTime">The head's newest sample, long.MinValue when empty.</param>
/// <param name="SeriesByMetricName">Metrics with the most series.</param>
/// <param name="ValuesByLabelName">Label names with the most distinct values.</param>
/// <param name="BytesByLabelName">Label names by the bytes of their values summed over series (length of value × its series).</param>
/// <param name="SeriesByLabelPair">Label pairs (<c>name=value</c>) with the most series.</param>
public sealed record HeadStats(
    long Series,
    long LabelPairs,
    long Chunks,
    long MinTime,
    long MaxTime,
    IReadOnlyList<NamedCount> SeriesByMetricName,
    IReadOnlyList<NamedCount> ValuesByLabelName,
    IReadOnlyList<NamedCount> BytesByLabelName,
    IReadOnlyList<NamedCount> SeriesByLabelPair);
