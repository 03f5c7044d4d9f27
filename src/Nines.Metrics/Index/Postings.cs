namespace Nines.Metrics.Index;

/// <summary>
/// Set operations on sorted, duplicate-free series id lists (posting lists), written as merges
/// over spans: no LINQ, one exact-size allocation for the result.
/// </summary>
internal static class Postings
{
    public static uint[] Intersect(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return [];
        }

        // Galloping would win for very skewed sizes; a linear merge is the common case.
        var result = new uint[Math.Min(a.Length, b.Length)];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = a[i];
            var y = b[j];
            if (x == y)
            {
                result[n++] = x;
                i++;
                j++;
            }
            else if (x < y)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return Trim(result, n);
    }

    public static uint[] Union(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var result = new uint[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = a[i];
            var y = b[j];
            if (x == y)
            {
                result[n++] = x;
                i++;
                j++;
            }
            else if (x < y)
            {
                result[n++] = x;
                i++;
            }
            else
            {
                result[n++] = y;
                j++;
            }
        }

        a[i..].CopyTo(result.AsSpan(n));
        n += a.Length - i;
        b[j..].CopyTo(result.AsSpan(n));
        n += b.Length - j;
        return Trim(result, n);
    }

    /// <summary>Union of many lists by pairwise merging in rounds (O(total · log k)).</summary>
    public static uint[] UnionAll(List<uint[]> lists)
    {
        if (lists.Count == 0)
        {
            return [];
        }

        var current = lists;
        while (current.Count > 1)
        {
            var next = new List<uint[]>((current.Count + 1) / 2);
            for (var i = 0; i < current.Count; i += 2)
            {
                next.Add(i + 1 < current.Count ? Union(current[i], current[i + 1]) : current[i]);
            }

            current = next;
        }

        return current[0];
    }

    /// <summary>Elements of <paramref name="a"/> not in <paramref name="b"/>.</summary>
    public static uint[] Subtract(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (b.IsEmpty)
        {
            return a.ToArray();
        }

        var result = new uint[a.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length)
        {
            var x = a[i];
            while (j < b.Length && b[j] < x)
            {
                j++;
            }

            if (j >= b.Length || b[j] != x)
            {
                result[n++] = x;
            }

            i++;
        }

        return Trim(result, n);
    }

    private static uint[] Trim(uint[] result, int n) => n == result.Length ? result : result.AsSpan(0, n).ToArray();
}
