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
}
