namespace Nines.Metrics.Index;

/// <summary>
/// A growable sorted list of series ids. Ids are handed out in increasing order, so adding is an
/// append in the common case. Guarded by the owning <see cref="MemPostings"/> lock.
/// </summary>
internal sealed class PostingList
{
    private uint[] _items = new uint[4];

    public int Count { get; private set; }

    public ReadOnlySpan<uint> Span => _items.AsSpan(0, Count);

    public void Add(uint id)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        if (Count == 0 || _items[Count - 1] < id)
        {
            _items[Count++] = id;
            return;
        }

        var at = Array.BinarySearch(_items, 0, Count, id);
        if (at >= 0)
        {
            return;
        }

        at = ~at;
        Array.Copy(_items, at, _items, at + 1, Count - at);
        _items[at] = id;
        Count++;
    }

    /// <summary>Removes every id in <paramref name="dead"/> (sorted) in one pass.</summary>
    public void RemoveAll(ReadOnlySpan<uint> dead)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var id = _items[i];
            if (dead.BinarySearch(id) < 0)
            {
                _items[kept++] = id;
            }
        }

        Count = kept;
    }
}
