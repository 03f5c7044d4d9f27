using Nines.Metrics.Labels;

namespace Nines.Metrics.Index;

/// <summary>
/// In-memory inverted index: label name → label value → sorted series ids, plus the list of all
/// series. Selection follows Prometheus' PostingsForMatchers (tsdb/querier.go): matchers that do
/// not match the empty string are intersected; matchers that do (e.g. <c>foo=""</c>,
/// <c>foo!="bar"</c>, <c>foo=~"x|"</c>) subtract the series whose value for that label does NOT
/// match, which is how series lacking the label are kept.
/// Thread-safety: one reader-writer lock; adds are exclusive, selections and listings shared.
/// </summary>
internal sealed class MemPostings : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, ValueIndex> _byName = new(StringComparer.Ordinal);
    private readonly PostingList _all = new();

    public int SeriesCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _all.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Add(uint id, LabelSet labels)
    {
        _lock.EnterWriteLock();
        try
        {
            _all.Add(id);
            foreach (var label in labels)
            {
                if (!_byName.TryGetValue(label.Name, out var values))
                {
                    values = new ValueIndex();
                    _byName.Add(label.Name, values);
                }

                values.Add(label.Value, id);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Removes series (head truncation): each affected posting list is filtered once, so removing
    /// many series costs one pass over the lists they were in, and a value left without series disappears.
    /// </summary>
    public void Remove(IReadOnlyList<(uint Id, LabelSet Labels)> series)
    {
        if (series.Count == 0)
        {
            return;
        }

        var dead = new uint[series.Count];
        var touched = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < series.Count; i++)
        {
            dead[i] = series[i].Id;
            foreach (var label in series[i].Labels)
            {
                if (!touched.TryGetValue(label.Name, out var values))
                {
                    values = new HashSet<string>(StringComparer.Ordinal);
                    touched.Add(label.Name, values);
                }

                values.Add(label.Value);
            }
        }

        Array.Sort(dead);
        _lock.EnterWriteLock();
        try
        {
            _all.RemoveAll(dead);
            foreach (var (name, values) in touched)
            {
                if (!_byName.TryGetValue(name, out var index))
                {
                    continue;
                }

                foreach (var value in values)
                {
                    index.Remove(value, dead);
                }

                if (index.Entries.Count == 0)
                {
                    _byName.Remove(name);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Series ids selected by all <paramref name="matchers"/>, sorted ascending.</summary>
    public uint[] Select(IReadOnlyList<Matcher> matchers)
    {
        _lock.EnterReadLock();
        try
        {
            List<uint[]>? positives = null;
            for (var i = 0; i < matchers.Count; i++)
            {
                var m = matchers[i];
                if (!m.MatchesEmpty)
                {
                    var p = PostingsFor(m, invert: false);
                    if (p.Length == 0)
                    {
                        return [];
                    }

                    (positives ??= []).Add(p);
                }
            }

            uint[] result;
            if (positives is null)
            {
                result = _all.Span.ToArray();
            }
            else
            {
                // Smallest first keeps every intermediate result small.
                positives.Sort(static (a, b) => a.Length.CompareTo(b.Length));
                result = positives[0];
                for (var i = 1; i < positives.Count && result.Length != 0; i++)
                {
                    result = Postings.Intersect(result, positives[i]);
                }
            }

            for (var i = 0; i < matchers.Count && result.Length != 0; i++)
            {
                var m = matchers[i];
                if (m.MatchesEmpty)
                {
                    result = Postings.Subtract(result, PostingsFor(m, invert: true));
                }
            }

            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>All label names, sorted.</summary>
    public string[] LabelNames()
    {
        _lock.EnterReadLock();
        try
        {
            var names = new string[_byName.Count];
            _byName.Keys.CopyTo(names, 0);
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>How many series have label <paramref name="name"/> = <paramref name="value"/>.</summary>
    public int Count(string name, string value)
    {
        _lock.EnterReadLock();
        try
        {
            return _byName.TryGetValue(name, out var values) && values.Entries.TryGetValue(value, out var list) ? list.Count : 0;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>All values of label <paramref name="name"/>, sorted.</summary>
    public string[] LabelValues(string name)
    {
        _lock.EnterReadLock();
        try
        {
            return _byName.TryGetValue(name, out var values) ? (string[])values.Sorted().Clone() : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Shows <paramref name="visitor"/> every label name with its number of values, then each of its
    /// pairs with their (sorted) series ids, under the shared lock: the ids must not be kept.
    /// </summary>
    public void Visit<TVisitor>(TVisitor visitor)
        where TVisitor : IPostingsVisitor
    {
        _lock.EnterReadLock();
        try
        {
            foreach (var (name, values) in _byName)
            {
                visitor.LabelName(name, values.Entries.Count);
                foreach (var (value, list) in values.Entries)
                {
                    visitor.Pair(name, value, list.Span);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Series ids with label <paramref name="name"/> = <paramref name="value"/>, sorted.</summary>
    public uint[] Get(string name, string value)
    {
        _lock.EnterReadLock();
        try
        {
            return _byName.TryGetValue(name, out var values) ? values.Get(value) : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Union of the postings of every value of <c>m.Name</c> for which <c>m.Matches(value) != invert</c>.
    /// Absent labels are never included: the caller handles them through <see cref="Matcher.MatchesEmpty"/>.
    /// </summary>
    private uint[] PostingsFor(Matcher m, bool invert)
    {
        if (!_byName.TryGetValue(m.Name, out var values))
        {
            return [];
        }

        // When the wanted values are exactly those equal to / matching the pattern itself, use the
        // direct lookups; otherwise scan the label's values.
        var wantPositivePattern = m.Type switch
        {
            MatcherType.Equal or MatcherType.Regex => !invert,
            _ => invert,
        };

        if (wantPositivePattern)
        {
            if (m.Type is MatcherType.Equal or MatcherType.NotEqual)
            {
                return values.Get(m.Value);
            }

            if (m.LiteralSet is { } set)
            {
                var lists = new List<PostingList>(set.Length);
                foreach (var v in set)
                {
                    if (values.Entries.TryGetValue(v, out var list))
                    {
                        lists.Add(list);
                    }
                }

                return ConcatDisjoint(lists);
            }

            if (m.Prefix is { } prefix)
            {
                var sorted = values.Sorted();
                var lists = new List<PostingList>();
                for (var i = LowerBound(sorted, prefix); i < sorted.Length && sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
                {
                    lists.Add(values.Entries[sorted[i]]);
                }

                return ConcatDisjoint(lists);
            }
        }

        var matched = new List<PostingList>();
        foreach (var (value, list) in values.Entries)
        {
            if (m.Matches(value) != invert)
            {
                matched.Add(list);
            }
        }

        return ConcatDisjoint(matched);
    }

    /// <summary>
    /// Union of the posting lists of different values of ONE label. A series has one value per
    /// label, so these lists are disjoint: concatenating and sorting once replaces k-way merging
    /// and allocates only the result.
    /// </summary>
    private static uint[] ConcatDisjoint(List<PostingList> lists)
    {
        if (lists.Count == 1)
        {
            return lists[0].Span.ToArray();
        }

        var total = 0;
        foreach (var list in lists)
        {
            total += list.Count;
        }

        var result = new uint[total];
        var at = 0;
        foreach (var list in lists)
        {
            list.Span.CopyTo(result.AsSpan(at));
            at += list.Count;
        }

        if (lists.Count > 1)
        {
            Array.Sort(result);
        }

        return result;
    }

    private static int LowerBound(string[] sorted, string key)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(sorted[mid], key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private sealed class ValueIndex
    {
        private readonly Dictionary<string, PostingList> _values = new(StringComparer.Ordinal);
        private string[]? _sorted;

        public Dictionary<string, PostingList> Entries => _values;

        public void Add(string value, uint id)
        {
            if (!_values.TryGetValue(value, out var list))
            {
                list = new PostingList();
                _values.Add(value, list);
                _sorted = null;
            }

            list.Add(id);
        }

        public void Remove(string value, ReadOnlySpan<uint> dead)
        {
            if (_values.TryGetValue(value, out var list))
            {
                list.RemoveAll(dead);
                if (list.Count == 0)
                {
                    _values.Remove(value);
                    _sorted = null;
                }
            }
        }

        public uint[] Get(string value) => _values.TryGetValue(value, out var list) ? list.Span.ToArray() : [];

        /// <summary>Sorted values; built lazily under the shared lock (racing readers build equal arrays, last write wins).</summary>
        public string[] Sorted()
        {
            var sorted = Volatile.Read(ref _sorted);
            if (sorted is null)
            {
                sorted = new string[_values.Count];
                _values.Keys.CopyTo(sorted, 0);
                Array.Sort(sorted, StringComparer.Ordinal);
                Volatile.Write(ref _sorted, sorted);
            }

            return sorted;
        }
    }
}
