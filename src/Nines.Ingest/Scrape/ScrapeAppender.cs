using System.Text;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>
/// Turns one target's scraped bodies into samples the way Prometheus 2.42's scrape loop does
/// (scrape/scrape.go): target labels merged with honor_labels semantics, metric_relabel_configs,
/// sample_limit, staleness markers for series that disappeared, and the synthetic report series.
/// A failed scrape stores nothing from the body and marks every series of the last good scrape
/// stale. Series are cached by their exposed text, so a steady target costs no relabeling and no
/// label allocation after its first scrape. One per target; not thread-safe.
/// </summary>
internal sealed partial class ScrapeAppender
{
    private const int MaxCacheKeyChars = 4096;

    private readonly ScrapeTarget _target;
    private readonly IReadOnlyList<RelabelRule> _metricRules;
    private readonly bool _honorLabels;
    private readonly bool _honorTimestamps;
    private readonly int _sampleLimit;
    private readonly LabelInterner _interner = new();
    private readonly Dictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CacheEntry>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<Label> _scratch = new(32);
    private readonly LabelSetBuilder _builder = new();
    private readonly LabelSet[] _reportLabels;
    private HashSet<LabelSet> _previous = [];
    private HashSet<LabelSet> _current = [];
    private char[] _keyChars = new char[256];
    private int _iteration;

    public ScrapeAppender(ScrapeTarget target, ScrapeConfig config, IReadOnlyList<RelabelRule> metricRules)
    {
        _target = target;
        _metricRules = metricRules;
        _honorLabels = config.HonorLabels;
        _honorTimestamps = config.HonorTimestamps;
        _sampleLimit = config.SampleLimit;
        _lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _reportLabels = [.. ReportNames.Select(ReportLabels)];
    }

    /// <summary>The synthetic series, in the order their values are given to <see cref="AppendReport"/>.</summary>
    public static IReadOnlyList<string> ReportNames { get; } =
        ["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"];

    /// <summary>Redacts label values of new series; null stores them as scraped.</summary>
    public Pipeline.Redaction.Redactor? Redactor { get; set; }

    /// <summary>Series cached by exposed text.</summary>
    public int CachedSeries => _cache.Count;

    /// <summary>
    /// Parses <paramref name="body"/> and adds its samples, then staleness markers for series gone
    /// since the last scrape, to <paramref name="output"/>. On any error (malformed body, invalid
    /// labels, sample_limit) the body's samples are discarded, every series of the last good scrape
    /// is marked stale instead, and the report carries the error.
    /// </summary>
    public ScrapeReport Append(ReadOnlySpan<byte> body, ExpositionFormat format, long timestamp, List<ScrapeSample> output)
    {
        var start = output.Count;
        _iteration++;
        _current.Clear();
        var scraped = 0;
        var added = 0;
        var seriesAdded = 0;
        try
        {
            var parser = new ExpositionParser(body, format);
            ExpositionEntry entry;
            while ((entry = parser.Next()) != ExpositionEntry.End)
            {
                if (entry != ExpositionEntry.Series)
                {
                    continue;
                }

                scraped++;
                var labels = Resolve(ref parser);
                if (labels is null)
                {
                    continue;
                }

                var explicitTime = _honorTimestamps && parser.HasTimestamp;
                var t = explicitTime ? parser.Timestamp : timestamp;
                if (!explicitTime)
                {
                    // Series with their own timestamps are not tracked for staleness, as in Prometheus.
                    if (!_current.Add(labels))
                    {
                        // The same series twice in one scrape: Prometheus keeps the first.
                        continue;
                    }

                    if (!_previous.Contains(labels))
                    {
                        seriesAdded++;
                    }
                }

                added++;
                if (_sampleLimit > 0 && added > _sampleLimit)
                {
                    throw new InvalidDataException($"sample_limit exceeded: more than {_sampleLimit} samples after metric relabeling");
                }

                output.Add(new ScrapeSample(labels, t, parser.Value, parser.HasExemplar ? ReadExemplar(ref parser, t) : null));
            }
        }
        catch (Exception e) when (e is ExpositionFormatException or ArgumentException or InvalidDataException)
        {
            output.RemoveRange(start, output.Count - start);
            AppendStale(timestamp, output);
            return new ScrapeReport(scraped, added, 0, e.Message);
        }

        foreach (var gone in _previous)
        {
            if (!_current.Contains(gone))
            {
                output.Add(new ScrapeSample(gone, timestamp, GoFloat.StaleNaN));
            }
        }

        (_previous, _current) = (_current, _previous);
        EvictUnused();
        return new ScrapeReport(scraped, added, seriesAdded, null);
    }

    /// <summary>Marks every series of the last good scrape stale (failed scrape, or the target went away).</summary>
    public void AppendStale(long timestamp, List<ScrapeSample> output)
    {
        foreach (var series in _previous)
        {
            output.Add(new ScrapeSample(series, timestamp, GoFloat.StaleNaN));
        }

        _previous.Clear();
    }

    /// <summary>Adds the report series: up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling, scrape_series_added.</summary>
    public void AppendReport(ScrapeReport report, TimeSpan duration, long timestamp, List<ScrapeSample> output)
    {
        var ok = report.Error is null;
        output.Add(new ScrapeSample(_reportLabels[0], timestamp, ok ? 1 : 0));
        output.Add(new ScrapeSample(_reportLabels[1], timestamp, duration.TotalSeconds));
        output.Add(new ScrapeSample(_reportLabels[2], timestamp, report.Scraped));
        output.Add(new ScrapeSample(_reportLabels[3], timestamp, report.PostRelabeling));
        output.Add(new ScrapeSample(_reportLabels[4], timestamp, report.SeriesAdded));
    }

    /// <summary>Staleness markers for the report series (the target went away).</summary>
    public void AppendReportStale(long timestamp, List<ScrapeSample> output)
    {
        foreach (var labels in _reportLabels)
        {
            output.Add(new ScrapeSample(labels, timestamp, GoFloat.StaleNaN));
        }
    }

    // The stored labels of the current series, or null when metric relabeling drops it.
    private LabelSet? Resolve(ref ExpositionParser parser)
    {
        var raw = parser.SeriesBytes;
        var useCache = raw.Length <= MaxCacheKeyChars;
        ReadOnlySpan<char> key = default;
        if (useCache)
        {
            if (_keyChars.Length < raw.Length)
            {
                _keyChars = new char[Math.Max(raw.Length, _keyChars.Length * 2)];
            }

            key = _keyChars.AsSpan(0, Encoding.UTF8.GetChars(raw, _keyChars));
            if (_lookup.TryGetValue(key, out var hit))
            {
                hit.LastSeen = _iteration;
                return hit.Labels;
            }
        }

        _scratch.Clear();
        parser.ReadLabels(_interner, _scratch);
        var labels = MergeAndRelabel();
        if (useCache)
        {
            _cache[new string(key)] = new CacheEntry { Labels = labels, LastSeen = _iteration };
        }

        return labels;
    }

    // Prometheus' mutateSampleLabels, then metric_relabel_configs.
    private LabelSet? MergeAndRelabel()
    {
        var targetLabels = _target.Labels;
        if (_honorLabels)
        {
            foreach (var l in targetLabels)
            {
                if (RelabelRule.Get(_scratch, l.Name).Length == 0)
                {
                    RelabelRule.Set(_scratch, l.Name, l.Value);
                }
            }
        }
        else
        {
            List<Label>? conflicts = null;
            foreach (var l in targetLabels)
            {
                var exposed = RelabelRule.Get(_scratch, l.Name);
                if (exposed.Length > 0)
                {
                    (conflicts ??= []).Add(new Label(l.Name, exposed));
                }
            }

            if (conflicts is not null)
            {
                ResolveConflicts(conflicts, targetLabels);
            }

            foreach (var l in targetLabels)
            {
                RelabelRule.Set(_scratch, l.Name, l.Value);
            }

            if (conflicts is not null)
            {
                foreach (var c in conflicts)
                {
                    RelabelRule.Set(_scratch, c.Name, c.Value);
                }
            }
        }

        if (_metricRules.Count > 0 && !RelabelRule.Process(_metricRules, _scratch))
        {
            return null;
        }

        if (RelabelRule.Get(_scratch, LabelSet.MetricNameLabel).Length == 0)
        {
            throw new ArgumentException("a series has no metric name after relabeling");
        }

        _builder.Clear();
        foreach (var l in _scratch)
        {
            // Only on a cache miss: a steady target's series are cached with their redacted labels.
            _builder.Add(l.Name, Redactor is null ? l.Value : Redactor.RedactLabel(l.Name, l.Value));
        }

        return _builder.Build();
    }

    // An exposed label that clashes with a target label is kept as exported_<name>, prefixed again
    // until the name is free; shorter names are renamed first (resolveConflictingExposedLabels).
    private void ResolveConflicts(List<Label> conflicts, LabelSet targetLabels)
    {
        conflicts.Sort(static (a, b) => a.Name.Length.CompareTo(b.Name.Length));
        for (var i = 0; i < conflicts.Count; i++)
        {
            var name = conflicts[i].Name;
            while (true)
            {
                name = "exported_" + name;
                var taken = RelabelRule.Get(_scratch, name).Length > 0 || targetLabels.Has(name);
                for (var j = 0; j < i && !taken; j++)
                {
                    taken = string.Equals(conflicts[j].Name, name, StringComparison.Ordinal);
                }

                if (!taken)
                {
                    conflicts[i] = new Label(name, conflicts[i].Value);
                    break;
                }
            }
        }
    }

    // Entries not seen in the last two scrapes are forgotten, as Prometheus' scrapeCache does.
    private void EvictUnused()
    {
        if (_cache.Count <= _current.Count * 2 && _iteration % 16 != 0)
        {
            return;
        }

        List<string>? stale = null;
        foreach (var (key, entry) in _cache)
        {
            if (entry.LastSeen < _iteration - 1)
            {
                (stale ??= []).Add(key);
            }
        }

        if (stale is not null)
        {
            foreach (var key in stale)
            {
                _cache.Remove(key);
            }
        }
    }

    private LabelSet ReportLabels(string name)
    {
        var builder = new LabelSetBuilder();
        foreach (var l in _target.Labels)
        {
            builder.Add(l.Name, l.Value);
        }

        builder.Add(LabelSet.MetricNameLabel, name);
        return builder.Build();
    }

    private sealed class CacheEntry
    {
        public LabelSet? Labels { get; init; }

        public int LastSeen { get; set; }
    }
}
