namespace Nines.Metrics.Cardinality;

/// <summary>
/// The <c>limit</c> best items of a stream, in O(n log limit) with no allocation per item: a heap
/// whose root is the worst item kept. Ties go to the smaller key, so results are stable.
/// </summary>
internal sealed class TopList<T>
    where T : struct, IRanked
{
    private readonly int _limit;
    private readonly PriorityQueue<T, T> _heap;

    public TopList(int limit)
    {
        _limit = limit;
        _heap = new PriorityQueue<T, T>(Math.Min(limit, 1024) + 1, WorstFirst.Instance);
    }

    public void Offer(T item)
    {
        if (item.Rank <= 0)
        {
            return;
        }

        if (_heap.Count < _limit)
        {
            _heap.Enqueue(item, item);
        }
        else if (_limit > 0 && WorstFirst.Instance.Compare(item, _heap.Peek()) > 0)
        {
            _heap.EnqueueDequeue(item, item);
        }
    }

    /// <summary>The kept items, best first.</summary>
    public List<T> Drain()
    {
        var result = new List<T>(_heap.Count);
        while (_heap.TryDequeue(out var item, out _))
        {
            result.Add(item);
        }

        result.Reverse();
        return result;
    }

    private sealed class WorstFirst : IComparer<T>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(T x, T y)
        {
            var byRank = x.Rank.CompareTo(y.Rank);
            if (byRank != 0)
            {
                return byRank;
            }

            var byKey = string.CompareOrdinal(y.Key, x.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(y.SecondKey, x.SecondKey);
        }
    }
}
