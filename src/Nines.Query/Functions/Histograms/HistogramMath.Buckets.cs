using Nines.Metrics.Histograms;

namespace Nines.Query.Functions.Histograms;

internal static partial class HistogramMath
{
    /// <summary>
    /// Every bucket in ascending order of value: negative buckets from the most negative, the zero
    /// bucket when it holds observations, then positive buckets (AllBucketIterator, 2.42). Empty
    /// buckets inside spans are included; the HTTP API leaves them out.
    /// </summary>
    public static List<HistogramBucket> AllBuckets(FloatHistogram h)
    {
        var result = new List<HistogramBucket>(h.PositiveBuckets.Length + h.NegativeBuckets.Length + 1);
        var negative = SideBuckets(h.NegativeSpans, h.NegativeBuckets, h.Schema, positive: false);
        for (var i = negative.Count - 1; i >= 0; i--)
        {
            var b = negative[i];
            result.Add(b.Upper > -h.ZeroThreshold ? b with { Upper = -h.ZeroThreshold } : b);
        }

        if (h.ZeroCount > 0)
        {
            result.Add(new HistogramBucket(-h.ZeroThreshold, h.ZeroThreshold, true, true, h.ZeroCount));
        }

        foreach (var b in SideBuckets(h.PositiveSpans, h.PositiveBuckets, h.Schema, positive: true))
        {
            result.Add(b.Lower < h.ZeroThreshold ? b with { Lower = h.ZeroThreshold } : b);
        }

        return result;
    }

    /// <summary>One side's buckets by ascending index: positive (lower, upper], negative [-upper, -lower).</summary>
    private static List<HistogramBucket> SideBuckets(HistogramSpan[] spans, double[] counts, int schema, bool positive)
    {
        var result = new List<HistogramBucket>(counts.Length);
        var k = 0;
        var index = 0;
        for (var s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (var j = 0; j < spans[s].Length; j++, index++, k++)
            {
                var lower = HistogramBounds.UpperBound(index - 1, schema);
                var upper = HistogramBounds.UpperBound(index, schema);
                result.Add(positive
                    ? new HistogramBucket(lower, upper, false, true, counts[k])
                    : new HistogramBucket(-upper, -lower, true, false, counts[k]));
            }
        }

        return result;
    }

    /// <summary>
    /// histogram_quantile over a native histogram as Prometheus 2.42 computes it: find the bucket
    /// holding rank q·count and interpolate linearly inside it (2.42 had no exponential
    /// interpolation yet); a zero bucket next to only positive (negative) buckets starts (ends) at 0.
    /// </summary>
    public static double Quantile(double q, FloatHistogram h)
    {
        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        if (h.Count == 0 || double.IsNaN(q))
        {
            return double.NaN;
        }

        var rank = q * h.Count;
        double count = 0;
        var bucket = default(HistogramBucket);
        foreach (var b in AllBuckets(h))
        {
            bucket = b;
            count += b.Count;
            if (count >= rank)
            {
                break;
            }
        }

        var (lower, upper) = ZeroBucketBounds(h, bucket);

        // Rounding can push the running count past the total.
        if (count > h.Count)
        {
            count = h.Count;
        }

        // The rank was never reached: only NaN observations can cause that.
        if (count < rank)
        {
            return upper;
        }

        rank -= count - bucket.Count;
        return lower + ((upper - lower) * (rank / bucket.Count));
    }

    /// <summary>histogram_fraction (2.42): the estimated share of observations between the bounds, interpolating linearly inside buckets.</summary>
    public static double Fraction(double lower, double upper, FloatHistogram h)
    {
        if (h.Count == 0 || double.IsNaN(lower) || double.IsNaN(upper))
        {
            return double.NaN;
        }

        if (lower >= upper)
        {
            return 0;
        }

        double rank = 0, lowerRank = 0, upperRank = 0;
        bool lowerSet = false, upperSet = false;
        foreach (var bucket in AllBuckets(h))
        {
            var (bLower, bUpper) = ZeroBucketBounds(h, bucket);

            if (!lowerSet && bLower >= lower)
            {
                lowerRank = rank;
                lowerSet = true;
            }

            if (!upperSet && bLower >= upper)
            {
                upperRank = rank;
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            if (!lowerSet && bLower < lower && bUpper > lower)
            {
                lowerRank = rank + (bucket.Count * (lower - bLower) / (bUpper - bLower));
                lowerSet = true;
            }

            if (!upperSet && bLower < upper && bUpper > upper)
            {
                upperRank = rank + (bucket.Count * (upper - bLower) / (bUpper - bLower));
                upperSet = true;
            }

            if (lowerSet && upperSet)
            {
                break;
            }

            rank += bucket.Count;
        }

        if (!lowerSet || lowerRank > h.Count)
        {
            lowerRank = h.Count;
        }

        if (!upperSet || upperRank > h.Count)
        {
            upperRank = h.Count;
        }

        return (upperRank - lowerRank) / h.Count;
    }

    /// <summary>
    /// A bucket's bounds for interpolation: the zero bucket next to only positive (only negative)
    /// buckets is taken to start (end) at 0, as 2.42's quantile and fraction do.
    /// </summary>
    private static (double Lower, double Upper) ZeroBucketBounds(FloatHistogram h, HistogramBucket bucket)
    {
        if (bucket.Lower < 0 && bucket.Upper > 0)
        {
            if (h.NegativeBuckets.Length == 0 && h.PositiveBuckets.Length > 0)
            {
                return (0, bucket.Upper);
            }

            if (h.PositiveBuckets.Length == 0 && h.NegativeBuckets.Length > 0)
            {
                return (bucket.Lower, 0);
            }
        }

        return (bucket.Lower, bucket.Upper);
    }
}
