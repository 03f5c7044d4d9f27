using Nines.Metrics.Histograms;

namespace Nines.Query.Functions.Histograms;

/// <summary>
/// The native-histogram arithmetic PromQL needs, following Prometheus 2.42's
/// <c>model/histogram/float_histogram.go</c> and <c>promql/quantile.go</c>. Results are fresh
/// objects; inputs are never changed (samples are shared between steps).
/// </summary>
internal static partial class HistogramMath
{
    /// <summary>
    /// a + b (<paramref name="sign"/> 1) or a - b (-1): at the coarser of the two schemas and the
    /// larger zero threshold (buckets that fall below it move into the zero bucket), every bucket of
    /// either side kept, even empty ones (FloatHistogram.Add/Sub).
    /// </summary>
    public static FloatHistogram Combine(FloatHistogram a, FloatHistogram b, double sign = 1)
    {
        var schema = Math.Min(a.Schema, b.Schema);
        var threshold = Math.Max(a.ZeroThreshold, b.ZeroThreshold);

        // A threshold inside a populated bucket of either side grows to that bucket's upper bound
        // (zeroCountForLargerThreshold); repeat until both sides agree.
        while (true)
        {
            var ta = LargerThreshold(a, threshold);
            var tb = LargerThreshold(b, ta);
            if (tb == threshold)
            {
                break;
            }

            threshold = tb;
        }

        var positive = new SortedDictionary<int, double>();
        var negative = new SortedDictionary<int, double>();
        var zeroA = Collect(a, schema, threshold, 1, positive, negative);
        var zeroB = Collect(b, schema, threshold, sign, positive, negative);
        var result = new FloatHistogram
        {
            CounterResetHint = a.CounterResetHint,
            Schema = schema,
            ZeroThreshold = threshold,
            ZeroCount = zeroA + zeroB,
            Count = a.Count + (sign * b.Count),
            Sum = a.Sum + (sign * b.Sum),
        };
        (result.PositiveSpans, result.PositiveBuckets) = ToSpans(positive, keepEmpty: true);
        (result.NegativeSpans, result.NegativeBuckets) = ToSpans(negative, keepEmpty: true);
        return result;
    }

    /// <summary>A copy with every count and the sum multiplied by <paramref name="factor"/> (FloatHistogram.Scale/Mul).</summary>
    public static FloatHistogram Scale(FloatHistogram h, double factor)
    {
        var r = h.Copy();
        r.ZeroCount *= factor;
        r.Count *= factor;
        r.Sum *= factor;
        for (var i = 0; i < r.PositiveBuckets.Length; i++)
        {
            r.PositiveBuckets[i] *= factor;
        }

        for (var i = 0; i < r.NegativeBuckets.Length; i++)
        {
            r.NegativeBuckets[i] *= factor;
        }

        return r;
    }

    /// <summary>A copy at a coarser (or the same) schema (FloatHistogram.CopyToSchema).</summary>
    public static FloatHistogram CopyToSchema(FloatHistogram h, int schema)
    {
        if (schema == h.Schema)
        {
            return h.Copy();
        }

        var positive = new SortedDictionary<int, double>();
        var negative = new SortedDictionary<int, double>();
        var zero = Collect(h, schema, h.ZeroThreshold, 1, positive, negative);
        var r = new FloatHistogram
        {
            CounterResetHint = h.CounterResetHint,
            Schema = schema,
            ZeroThreshold = h.ZeroThreshold,
            ZeroCount = zero,
            Count = h.Count,
            Sum = h.Sum,
        };
        (r.PositiveSpans, r.PositiveBuckets) = ToSpans(positive, keepEmpty: true);
        (r.NegativeSpans, r.NegativeBuckets) = ToSpans(negative, keepEmpty: true);
        return r;
    }

    /// <summary>The same histogram without empty buckets (FloatHistogram.Compact(0)).</summary>
    public static FloatHistogram Compact(FloatHistogram h)
    {
        var positive = new SortedDictionary<int, double>();
        var negative = new SortedDictionary<int, double>();
        Expand(h.PositiveSpans, h.PositiveBuckets, h.Schema, h.Schema, 0, 1, positive);
        Expand(h.NegativeSpans, h.NegativeBuckets, h.Schema, h.Schema, 0, 1, negative);
        var r = h.Copy();
        (r.PositiveSpans, r.PositiveBuckets) = ToSpans(positive, keepEmpty: false);
        (r.NegativeSpans, r.NegativeBuckets) = ToSpans(negative, keepEmpty: false);
        return r;
    }

    /// <summary>
    /// Whether <paramref name="current"/> follows a counter reset after <paramref name="previous"/>
    /// (FloatHistogram.DetectReset): the hint decides when it is definite; otherwise a smaller
    /// count, a finer schema, a smaller zero threshold or any bucket that went down is a reset.
    /// </summary>
    public static bool DetectReset(FloatHistogram current, FloatHistogram previous)
    {
        switch (current.CounterResetHint)
        {
            case CounterResetHint.CounterReset:
                return true;
            case CounterResetHint.NotCounterReset or CounterResetHint.Gauge:
                return false;
        }

        if (current.Count < previous.Count || current.Schema > previous.Schema || current.ZeroThreshold < previous.ZeroThreshold)
        {
            return true;
        }

        if (LargerThreshold(previous, current.ZeroThreshold) != current.ZeroThreshold)
        {
            // The threshold cuts through a populated bucket of the previous histogram.
            return true;
        }

        var positivePrev = new SortedDictionary<int, double>();
        var negativePrev = new SortedDictionary<int, double>();
        var previousZero = Collect(previous, current.Schema, current.ZeroThreshold, 1, positivePrev, negativePrev);
        if (current.ZeroCount < previousZero)
        {
            return true;
        }

        var positiveCurr = new SortedDictionary<int, double>();
        var negativeCurr = new SortedDictionary<int, double>();
        Collect(current, current.Schema, current.ZeroThreshold, 1, positiveCurr, negativeCurr);
        return WentDown(positiveCurr, positivePrev) || WentDown(negativeCurr, negativePrev);
    }

    private static bool WentDown(SortedDictionary<int, double> current, SortedDictionary<int, double> previous)
    {
        foreach (var (index, count) in previous)
        {
            if (count != 0 && (!current.TryGetValue(index, out var now) || now < count))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The zero threshold the histogram would need to widen its zero bucket to at least
    /// <paramref name="threshold"/> without splitting a populated bucket (zeroCountForLargerThreshold).
    /// </summary>
    private static double LargerThreshold(FloatHistogram h, double threshold)
    {
        if (threshold <= h.ZeroThreshold)
        {
            return threshold;
        }

        foreach (var b in SideBuckets(h.PositiveSpans, h.PositiveBuckets, h.Schema, positive: true))
        {
            if (b.Lower >= threshold)
            {
                break;
            }

            if (b.Upper > threshold)
            {
                if (b.Count != 0)
                {
                    threshold = b.Upper;
                }

                break;
            }
        }

        foreach (var b in SideBuckets(h.NegativeSpans, h.NegativeBuckets, h.Schema, positive: false))
        {
            if (b.Upper <= -threshold)
            {
                break;
            }

            if (b.Lower < -threshold)
            {
                if (b.Count != 0)
                {
                    threshold = -b.Lower;
                }

                break;
            }
        }

        return threshold;
    }

    /// <summary>Adds the histogram's buckets (times <paramref name="sign"/>) at <paramref name="schema"/>; buckets at or under <paramref name="threshold"/> count toward the returned zero count.</summary>
    private static double Collect(FloatHistogram h, int schema, double threshold, double sign, SortedDictionary<int, double> positive, SortedDictionary<int, double> negative)
    {
        var zero = h.ZeroCount;
        if (threshold > h.ZeroThreshold)
        {
            zero += Expand(h.PositiveSpans, h.PositiveBuckets, h.Schema, schema, threshold, sign, positive) / sign;
            zero += Expand(h.NegativeSpans, h.NegativeBuckets, h.Schema, schema, threshold, sign, negative) / sign;
        }
        else
        {
            Expand(h.PositiveSpans, h.PositiveBuckets, h.Schema, schema, 0, sign, positive);
            Expand(h.NegativeSpans, h.NegativeBuckets, h.Schema, schema, 0, sign, negative);
        }

        return sign * zero;
    }

    /// <summary>
    /// Adds one side's buckets, mapped to <paramref name="target"/>, into <paramref name="into"/>;
    /// returns the (signed) counts of buckets whose upper bound is at or below <paramref name="threshold"/>,
    /// which are left out. Source buckets falling into one target bucket are summed first and then
    /// added, in Prometheus' order, so float results agree to the last bit.
    /// </summary>
    private static double Expand(HistogramSpan[] spans, double[] counts, int schema, int target, double threshold, double sign, SortedDictionary<int, double> into)
    {
        double below = 0;
        var k = 0;
        var index = 0;
        var current = 0;
        double run = 0;
        var open = false;
        for (var s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (var j = 0; j < spans[s].Length; j++, index++, k++)
            {
                var t = schema == target ? index : HistogramBounds.TargetIndex(index, schema, target);
                if (open && t == current)
                {
                    run += counts[k];
                    continue;
                }

                if (open)
                {
                    below += Put(into, current, sign * run, target, threshold);
                }

                current = t;
                run = counts[k];
                open = true;
            }
        }

        if (open)
        {
            below += Put(into, current, sign * run, target, threshold);
        }

        return below;
    }

    private static double Put(SortedDictionary<int, double> into, int index, double count, int schema, double threshold)
    {
        if (threshold > 0 && HistogramBounds.UpperBound(index, schema) <= threshold)
        {
            return count;
        }

        into[index] = into.TryGetValue(index, out var have) ? have + count : count;
        return 0;
    }

    private static (HistogramSpan[] Spans, double[] Counts) ToSpans(SortedDictionary<int, double> buckets, bool keepEmpty)
    {
        var spans = new List<HistogramSpan>();
        var counts = new List<double>(buckets.Count);
        var next = int.MinValue;
        var runStart = 0;
        uint runLength = 0;
        var lastEnd = 0;
        foreach (var (index, count) in buckets)
        {
            if (!keepEmpty && count == 0)
            {
                continue;
            }

            if (runLength > 0 && index == next)
            {
                runLength++;
            }
            else
            {
                if (runLength > 0)
                {
                    spans.Add(new HistogramSpan(spans.Count == 0 ? runStart : runStart - lastEnd, runLength));
                    lastEnd = runStart + (int)runLength;
                }

                runStart = index;
                runLength = 1;
            }

            next = index + 1;
            counts.Add(count);
        }

        if (runLength > 0)
        {
            spans.Add(new HistogramSpan(spans.Count == 0 ? runStart : runStart - lastEnd, runLength));
        }

        return ([.. spans], [.. counts]);
    }
}
