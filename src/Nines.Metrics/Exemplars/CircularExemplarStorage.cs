using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Exemplars;

/// <summary>
/// A tenant's exemplars in one fixed-size ring, after Prometheus' <c>tsdb/exemplar.go</c>
/// (<c>CircularExemplarStorage</c>): the newest <see cref="Capacity"/> exemplars over all series
/// are kept, each series' exemplars are linked oldest to newest through the ring, and an index by
/// head series id finds a series' newest exemplar for the duplicate and order checks. When the
/// ring wraps, the overwritten exemplar is unlinked from its series (and the series leaves the
/// index when it was its last). The ring is allocated on the first exemplar, so tenants that send
/// none pay nothing.
/// <para>Thread-safety: appends come from the WAL writer thread (or replay), queries from any
/// thread; one lock guards both, held only for the ring work (no I/O, no allocation but results).</para>
/// </summary>
internal sealed class CircularExemplarStorage
{
    private const int NoExemplar = -1;

    private readonly Lock _sync = new();
    private readonly Dictionary<uint, IndexEntry> _index = [];
    private Entry[] _ring = [];
    private int _next;

    public CircularExemplarStorage(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>Most exemplars kept; 0 turns exemplar storage off.</summary>
    public int Capacity { get; }

    /// <summary>Exemplars held now.</summary>
    public int Count { get; private set; }

    /// <summary>Series that have at least one exemplar held.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_sync)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="labels"/> fit Prometheus' exemplar label limit (128 characters of names and values).</summary>
    public static bool LabelsFit(LabelSet labels)
    {
        var length = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            // Prometheus counts runes; a surrogate pair is one.
            length += RuneCount(labels.NameAt(i)) + RuneCount(labels.ValueAt(i));
            if (length > Exemplar.MaxLabelSetLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Stores an exemplar of series <paramref name="seriesId"/> unless it repeats the series' newest
    /// exemplar (<see cref="ExemplarAddResult.Duplicate"/>) or is not newer than it
    /// (<see cref="ExemplarAddResult.OutOfOrder"/>) — Prometheus 2.42's <c>AddExemplar</c> checks.
    /// </summary>
    public ExemplarAddResult Add(uint seriesId, LabelSet series, in Exemplar exemplar)
    {
        if (Capacity == 0)
        {
            return ExemplarAddResult.Disabled;
        }

        if (!LabelsFit(exemplar.Labels))
        {
            return ExemplarAddResult.LabelsTooLong;
        }

        lock (_sync)
        {
            if (_index.TryGetValue(seriesId, out var entry))
            {
                ref readonly var newest = ref _ring[entry.Newest];
                if (newest.Timestamp == exemplar.Timestamp && SameValue(newest.Value, exemplar.Value) && newest.Labels!.Equals(exemplar.Labels))
                {
                    return ExemplarAddResult.Duplicate;
                }

                if (exemplar.Timestamp <= newest.Timestamp)
                {
                    return ExemplarAddResult.OutOfOrder;
                }
            }

            if (_ring.Length == 0)
            {
                _ring = new Entry[Capacity];
                Array.Fill(_ring, new Entry { Next = NoExemplar });
            }

            if (entry is null)
            {
                entry = new IndexEntry(series) { Oldest = _next };
                _index.Add(seriesId, entry);
            }
            else
            {
                _ring[entry.Newest].Next = _next;
            }

            ref var slot = ref _ring[_next];
            if (slot.Owner is { } previous)
            {
                // The ring is full: the oldest exemplar overall makes room.
                if (slot.Next == NoExemplar)
                {
                    _index.Remove(previous.SeriesId);
                }
                else
                {
                    previous.Oldest = slot.Next;
                }
            }
            else
            {
                Count++;
            }

            entry.SeriesId = seriesId;
            slot = new Entry
            {
                Labels = exemplar.Labels,
                Value = exemplar.Value,
                Timestamp = exemplar.Timestamp,
                Next = NoExemplar,
                Owner = entry,
            };
            entry.Newest = _next;
            _next = (_next + 1) % _ring.Length;
            return ExemplarAddResult.Ok;
        }
    }

    /// <summary>
    /// The exemplars in [<paramref name="start"/>, <paramref name="end"/>] of every series matched by
    /// all matchers of at least one of <paramref name="matcherSets"/>, ordered by series labels (as
    /// Prometheus' <c>Select</c>). No matcher set selects nothing.
    /// </summary>
    public List<ExemplarSeries> Select(long start, long end, IReadOnlyList<IReadOnlyList<Matcher>> matcherSets)
    {
        var found = new List<ExemplarSeries>();
        lock (_sync)
        {
            foreach (var entry in _index.Values)
            {
                if (_ring[entry.Oldest].Timestamp > end || _ring[entry.Newest].Timestamp < start || !MatchesAny(entry.Series, matcherSets))
                {
                    continue;
                }

                var exemplars = new List<Exemplar>();
                for (var i = entry.Oldest; i != NoExemplar && _ring[i].Timestamp <= end; i = _ring[i].Next)
                {
                    if (_ring[i].Timestamp >= start)
                    {
                        exemplars.Add(new Exemplar(_ring[i].Labels!, _ring[i].Value, _ring[i].Timestamp));
                    }
                }

                if (exemplars.Count > 0)
                {
                    found.Add(new ExemplarSeries(entry.Series, exemplars));
                }
            }
        }

        found.Sort(static (a, b) => a.SeriesLabels.CompareTo(b.SeriesLabels));
        return MergeSameLabels(found);
    }

    // A series truncated out of the head and created again has a new id, so the index can hold
    // the same labels twice; a query sees one series, as Prometheus (indexed by labels) answers.
    private static List<ExemplarSeries> MergeSameLabels(List<ExemplarSeries> sorted)
    {
        var write = 0;
        for (var read = 0; read < sorted.Count; read++)
        {
            if (write > 0 && sorted[write - 1].SeriesLabels.Equals(sorted[read].SeriesLabels))
            {
                var merged = new List<Exemplar>(sorted[write - 1].Exemplars);
                merged.AddRange(sorted[read].Exemplars);
                merged.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
                sorted[write - 1] = sorted[write - 1] with { Exemplars = merged };
                continue;
            }

            sorted[write++] = sorted[read];
        }

        sorted.RemoveRange(write, sorted.Count - write);
        return sorted;
    }

    private static bool MatchesAny(LabelSet series, IReadOnlyList<IReadOnlyList<Matcher>> matcherSets)
    {
        foreach (var matchers in matcherSets)
        {
            var all = true;
            foreach (var matcher in matchers)
            {
                if (!matcher.Matches(series.Get(matcher.Name)))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    // Go's == on float64: NaN never equals NaN, so a NaN exemplar is never a duplicate.
    private static bool SameValue(double a, double b) => a == b;

    private static int RuneCount(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private struct Entry
    {
        public LabelSet? Labels;
        public double Value;
        public long Timestamp;
        public int Next;
        public IndexEntry? Owner;
    }

    private sealed class IndexEntry(LabelSet series)
    {
        public LabelSet Series { get; } = series;

        public uint SeriesId { get; set; }

        public int Oldest { get; set; }

        public int Newest { get; set; }
    }
}
