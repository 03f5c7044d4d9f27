using Nines.Metrics.Cardinality;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

public sealed partial class HeadBlock
{
    /// <summary>Most rows a cardinality table can ask for.</summary>
    public const int MaxCardinalityLimit = 1000;

    /// <summary>Longest churn window the head remembers.</summary>
    public static TimeSpan MaxChurnWindow => SeriesChurn.MaxWindow;

    /// <summary>
    /// The head's cardinality: the top <paramref name="limit"/> metrics, label names and label pairs
    /// by series count and by churn in the last <paramref name="window"/> (rounded up to whole minutes).
    /// One pass over the index; no series or chunk is read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit or window is out of range.</exception>
    public CardinalityReport Cardinality(int limit, TimeSpan window)
    {
        ValidateReport(limit, window);
        var churn = _churn.Snapshot(window);
        var visitor = new CardinalityVisitor(limit, churn.FirstCreatedId);
        _postings.Visit(visitor);
        visitor.Finish();

        var metricsBySeries = new List<MetricCardinality>();
        foreach (var e in visitor.MetricsBySeries.Drain())
        {
            var c = churn.ByMetric.GetValueOrDefault(e.Key);
            metricsBySeries.Add(new MetricCardinality(e.Key, e.Series, c.Created, c.Removed));
        }

        var metricsByChurn = new TopList<RankedEntry>(limit);
        foreach (var (name, c) in churn.ByMetric)
        {
            metricsByChurn.Offer(new RankedEntry(c.Created + c.Removed, name, "", 0, 0, c.Created, c.Removed));
        }

        var metricsByChurnRows = new List<MetricCardinality>();
        foreach (var e in metricsByChurn.Drain())
        {
            metricsByChurnRows.Add(new MetricCardinality(e.Key, SeriesCountOf(e.Key), e.Created, e.Removed));
        }

        var labelsByValues = new TopList<RankedEntry>(limit);
        foreach (var (name, (values, series)) in visitor.Names)
        {
            labelsByValues.Offer(new RankedEntry(values, name, "", series, values, 0, 0));
        }

        var labelsByChurn = new TopList<RankedEntry>(limit);
        foreach (var (name, c) in churn.ByLabelName)
        {
            var (values, series) = visitor.Names.GetValueOrDefault(name);
            labelsByChurn.Offer(new RankedEntry(c.Created + c.Removed, name, "", series, values, c.Created, c.Removed));
        }

        return new CardinalityReport(
            SeriesCount,
            visitor.Pairs,
            WholeMinutes(window),
            churn.Created,
            churn.Removed,
            metricsBySeries,
            metricsByChurnRows,
            LabelRows(labelsByValues, churn),
            LabelRows(labelsByChurn, churn),
            PairRows(visitor.PairsBySeries),
            PairRows(visitor.PairsByCreated));
    }

    /// <summary>
    /// The head's statistics for Prometheus' <c>/api/v1/status/tsdb</c>: totals and the top
    /// <paramref name="limit"/> rows of each table, in one pass over the index (postings.go Stats).
    /// No series, chunk or sample is read.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is out of range.</exception>
    public HeadStats Stats(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxCardinalityLimit);
        var visitor = new PostingsStatsVisitor(limit);
        _postings.Visit(visitor);
        visitor.Finish();
        return new HeadStats(
            SeriesCount,
            visitor.Pairs,
            ChunkCount,
            MinTime,
            MaxTime,
            NamedRows(visitor.MetricsBySeries, static e => e.Key),
            NamedRows(visitor.NamesByValues, static e => e.Key),
            NamedRows(visitor.NamesByBytes, static e => e.Key),
            NamedRows(visitor.PairsBySeries, static e => e.Key + "=" + e.SecondKey));
    }

    /// <summary>
    /// Drill-down into one metric: its label names by distinct values, each with its
    /// <paramref name="limit"/> values with the most series. Null when the head has no series of
    /// the metric and none was removed in the window. Reads the labels of each of the metric's series.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit or window is out of range.</exception>
    public MetricLabels? DescribeMetric(string metric, int limit, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ValidateReport(limit, window);
        var churn = _churn.Snapshot(window);
        var ids = _postings.Get(LabelSet.MetricNameLabel, metric);
        var metricChurn = churn.ByMetric.GetValueOrDefault(metric);
        if (ids.Length == 0 && metricChurn == default)
        {
            return null;
        }

        var byName = new Dictionary<string, LabelTally>(StringComparer.Ordinal);
        long live = 0;
        foreach (var id in ids)
        {
            var series = GetSeries(id);
            if (series is null)
            {
                continue;
            }

            live++;
            var labels = series.Labels;
            var isNew = id >= churn.FirstCreatedId;
            for (var i = 0; i < labels.Count; i++)
            {
                var name = labels.NameAt(i);
                if (name == LabelSet.MetricNameLabel)
                {
                    continue;
                }

                if (!byName.TryGetValue(name, out var tally))
                {
                    tally = new LabelTally();
                    byName.Add(name, tally);
                }

                tally.Count(labels.ValueAt(i), isNew);
            }
        }

        var rows = new List<MetricLabelCardinality>(byName.Count);
        foreach (var (name, tally) in byName)
        {
            var top = new TopList<RankedEntry>(limit);
            foreach (var (value, count) in tally.Values)
            {
                top.Offer(new RankedEntry(count, value, "", count, 0, 0, 0));
            }

            var values = new List<LabelValueCount>();
            foreach (var e in top.Drain())
            {
                values.Add(new LabelValueCount(e.Key, e.Series));
            }

            rows.Add(new MetricLabelCardinality(name, tally.Values.Count, tally.Series, tally.NewValues?.Count ?? 0, values));
        }

        rows.Sort(static (a, b) => a.Values != b.Values ? b.Values.CompareTo(a.Values) : string.CompareOrdinal(a.Name, b.Name));
        return new MetricLabels(metric, live, metricChurn.Created, metricChurn.Removed, WholeMinutes(window), rows);
    }

    private static void ValidateReport(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxCardinalityLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMinutes(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, MaxChurnWindow);
    }

    private static TimeSpan WholeMinutes(TimeSpan window) => TimeSpan.FromMinutes(Math.Ceiling(window.TotalMinutes));

    private static List<LabelNameCardinality> LabelRows(TopList<RankedEntry> top, ChurnSnapshot churn)
    {
        var rows = new List<LabelNameCardinality>();
        foreach (var e in top.Drain())
        {
            var c = churn.ByLabelName.GetValueOrDefault(e.Key);
            rows.Add(new LabelNameCardinality(e.Key, e.Values, e.Series, c.Created, c.Removed));
        }

        return rows;
    }

    private static List<NamedCount> NamedRows(TopList<RankedEntry> top, Func<RankedEntry, string> name)
    {
        var rows = new List<NamedCount>();
        foreach (var e in top.Drain())
        {
            rows.Add(new NamedCount(name(e), e.Rank));
        }

        return rows;
    }

    private static List<LabelPairCardinality> PairRows(TopList<RankedEntry> top)
    {
        var rows = new List<LabelPairCardinality>();
        foreach (var e in top.Drain())
        {
            rows.Add(new LabelPairCardinality(e.Key, e.SecondKey, e.Series, e.Created));
        }

        return rows;
    }

    private sealed class LabelTally
    {
        public Dictionary<string, long> Values { get; } = new(StringComparer.Ordinal);

        public HashSet<string>? NewValues { get; private set; }

        public long Series { get; private set; }

        public void Count(string value, bool isNew)
        {
            Series++;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Values, value, out _)++;
            if (isNew)
            {
                (NewValues ??= new HashSet<string>(StringComparer.Ordinal)).Add(value);
            }
        }
    }
}
