namespace Nines.Query.Functions;

/// <summary>histogram_quantile over classic (le-labelled) buckets.</summary>
internal static class HistogramFunctions
{
    /// <summary>
    /// Prometheus 2.42 bucketQuantile (https://github.com/prometheus/prometheus/blob/v2.42.0/promql/quantile.go).
    /// Reorders and rewrites <paramref name="buckets"/> (sorted by bound, equal bounds merged, counts made
    /// monotonic).
    /// </summary>
    /// <returns>
    /// NaN for NaN q, a missing +Inf bucket, fewer than two buckets or no observations; -Inf/+Inf for
    /// q &lt; 0 / q &gt; 1; otherwise the bound interpolated linearly inside the bucket the rank falls in
    /// (from 0 for the lowest bucket when its bound is positive, else that bound), and the highest finite
    /// bound when the rank falls in the +Inf bucket.
    /// </returns>
    public static double BucketQuantile(double q, Span<Bucket> buckets)
    {
        if (double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        if (buckets.IsEmpty)
        {
            return double.NaN;
        }

        buckets.Sort(static (a, b) => a.UpperBound.CompareTo(b.UpperBound));
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }

        buckets = Coalesce(buckets);
        EnsureMonotonic(buckets);

        if (buckets.Length < 2)
        {
            return double.NaN;
        }

        double observations = buckets[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }

        double rank = q * observations;

        // The first bucket (excluding +Inf) whose cumulative count reaches the rank, else the +Inf one.
        // A binary search as Go's sort.Search does, so NaN counts land where Prometheus's search lands.
        int lo = 0, hi = buckets.Length - 1;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (!(buckets[mid].Count >= rank))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        int b = lo;

        if (b == buckets.Length - 1)
        {
            return buckets[^2].UpperBound;
        }

        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return buckets[0].UpperBound;
        }

        double bucketStart = 0;
        double bucketEnd = buckets[b].UpperBound;
        double count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }

        return bucketStart + ((bucketEnd - bucketStart) * (rank / count));
    }

    /// <summary>
    /// Reads an <c>le</c> label as Prometheus does (strconv.ParseFloat); false means Prometheus skips that
    /// series for histogram_quantile ("+Inf", "inf", "1e3", ".5", "0x1p-3" parse; "1_0", " 1", "1e400" do not).
    /// </summary>
    public static bool TryParseUpperBound(ReadOnlySpan<char> le, out double upperBound) => GoStrconv.TryParse(le, out upperBound);

    /// <summary>Merges buckets with the same bound (e.g. "1" and "1.0") by adding their counts.</summary>
    private static Span<Bucket> Coalesce(Span<Bucket> buckets)
    {
        Bucket last = buckets[0];
        int i = 0;
        for (int j = 1; j < buckets.Length; j++)
        {
            Bucket b = buckets[j];
            if (b.UpperBound == last.UpperBound)
            {
                last = last with { Count = last.Count + b.Count };
            }
            else
            {
                buckets[i] = last;
                last = b;
                i++;
            }
        }

        buckets[i] = last;
        return buckets[..(i + 1)];
    }

    /// <summary>
    /// Raises any count below an earlier one to that maximum. Non-monotonic cumulative counts come from
    /// scrapes racing with observations or from buckets summed across series with different resets.
    /// </summary>
    private static void EnsureMonotonic(Span<Bucket> buckets)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < buckets.Length; i++)
        {
            if (buckets[i].Count > max)
            {
                max = buckets[i].Count;
            }
            else if (buckets[i].Count < max)
            {
                buckets[i] = buckets[i] with { Count = max };
            }
        }
    }
}
