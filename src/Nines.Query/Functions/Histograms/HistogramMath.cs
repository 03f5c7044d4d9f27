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

        var sa = new SideLists();
        var sb = new SideLists();
        var zeroA = Collect(a, schema, threshold, 1, sa);
        var zeroB = Collect(b, schema, threshold, sign, sb);
        var result = new FloatHistogram
        {
            CounterResetHint = a.CounterResetHint,
            Schema = schema,
            ZeroThreshold = threshold,
            ZeroCount = zeroA + zeroB,
            Count = a.Count + (sign * b.Count),
            Sum = a.Sum + (sign * b.Sum),
        };
        (result.PositiveSpans, result.PositiveBuckets) = Merge(sa.PositiveIndex, sa.PositiveCount, sb.PositiveIndex, sb.PositiveCount, keepEmpty: true);
        (result.NegativeSpans, result.NegativeBuckets) = Merge(sa.NegativeIndex, sa.NegativeCount, sb.NegativeIndex, sb.NegativeCount, keepEmpty: true);
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
    public static FloatHistogram CopyToSchema(FloatHistogram h, int schema) =>
        schema == h.Schema ? h.Copy() : Rebuild(h, schema, keepEmpty: true);

    /// <summary>The same histogram without empty buckets (FloatHistogram.Compact(0)).</summary>
    public static FloatHistogram Compact(FloatHistogram h) => Rebuild(h, h.Schema, keepEmpty: false);

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

        var prev = new SideLists();
        var previousZero = Collect(previous, current.Schema, current.ZeroThreshold, 1, prev);
        if (current.ZeroCount < previousZero)
        {
            return true;
        }

        var curr = new SideLists();
        Collect(current, current.Schema, current.ZeroThreshold, 1, curr);
        return WentDown(curr.PositiveIndex, curr.PositiveCount, prev.PositiveIndex, prev.PositiveCount)
            || WentDown(curr.NegativeIndex, curr.NegativeCount, prev.NegativeIndex, prev.NegativeCount);
    }

    /// <summary>Whether a populated bucket of the previous histogram is missing or smaller now (both lists ascending by index).</summary>
    private static bool WentDown(List<int> currentIndex, List<double> currentCount, List<int> previousIndex, List<double> previousCount)
    {
        var c = 0;
        for (var p = 0; p < previousIndex.Count; p++)
        {
            if (previousCount[p] == 0)
            {
                continue;
            }

            while (c < currentIndex.Count && currentIndex[c] < previousIndex[p])
            {
                c++;
            }

            if (c == currentIndex.Count || currentIndex[c] != previousIndex[p] || currentCount[c] < previousCount[p])
            {
                return true;
            }
        }

        return false;
    }

    private static FloatHistogram Rebuild(FloatHistogram h, int schema, bool keepEmpty)
    {
        var side = new SideLists();
        var zero = Collect(h, schema, h.ZeroThreshold, 1, side);
        var r = new FloatHistogram
        {
            CounterResetHint = h.CounterResetHint,
            Schema = schema,
            ZeroThreshold = h.ZeroThreshold,
            ZeroCount = zero,
            Count = h.Count,
            Sum = h.Sum,
        };
        (r.PositiveSpans, r.PositiveBuckets) = Merge(side.PositiveIndex, side.PositiveCount, [], [], keepEmpty);
        (r.NegativeSpans, r.NegativeBuckets) = Merge(side.NegativeIndex, side.NegativeCount, [], [], keepEmpty);
        return r;
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

    /// <summary>Appends the histogram's buckets (times <paramref name="sign"/>) at <paramref name="schema"/>; buckets at or under <paramref name="threshold"/> count toward the returned zero count.</summary>
    private static double Collect(FloatHistogram h, int schema, double threshold, double sign, SideLists into)
    {
        var cut = threshold > h.ZeroThreshold ? threshold : 0;
        var below = Expand(h.PositiveSpans, h.PositiveBuckets, h.Schema, schema, cut, into.PositiveIndex, into.PositiveCount)
            + Expand(h.NegativeSpans, h.NegativeBuckets, h.Schema, schema, cut, into.NegativeIndex, into.NegativeCount);
        if (sign != 1)
        {
            Negate(into.PositiveCount);
            Negate(into.NegativeCount);
        }

        return sign * (h.ZeroCount + below);
    }

    private static void Negate(List<double> counts)
    {
        for (var i = 0; i < counts.Count; i++)
        {
            counts[i] = -counts[i];
        }
    }

    /// <summary>
    /// Appends one side's buckets, mapped to <paramref name="target"/>, in ascending index order;
    /// returns the counts of buckets whose upper bound is at or below <paramref name="threshold"/>,
    /// which are left out. Source buckets falling into one target bucket are summed first (as
    /// Prometheus' merging iterator does) so float results agree to the last bit.
    /// </summary>
    private static double Expand(HistogramSpan[] spans, double[] counts, int schema, int target, double threshold, List<int> indexes, List<double> values)
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
                    below += Put(indexes, values, current, run, target, threshold);
                }

                current = t;
                run = counts[k];
                open = true;
            }
        }

        if (open)
        {
            below += Put(indexes, values, current, run, target, threshold);
        }

        return below;
    }

    private static double Put(List<int> indexes, List<double> values, int index, double count, int schema, double threshold)
    {
        if (threshold > 0 && HistogramBounds.UpperBound(index, schema) <= threshold)
        {
            return count;
        }

        indexes.Add(index);
        values.Add(count);
        return 0;
    }

    /// <summary>Merges two ascending bucket lists (a bucket in both: a's count plus b's) into spans and counts.</summary>
    private static (HistogramSpan[] Spans, double[] Counts) Merge(List<int> ia, List<double> ca, List<int> ib, List<double> cb, bool keepEmpty)
    {
        var spans = new List<HistogramSpan>();
        var counts = new List<double>(ia.Count + ib.Count);
        int x = 0, y = 0;
        var runStart = 0;
        uint runLength = 0;
        var lastEnd = 0;
        while (x < ia.Count || y < ib.Count)
        {
            int index;
            double count;
            if (y == ib.Count || (x < ia.Count && ia[x] < ib[y]))
            {
                (index, count) = (ia[x], ca[x]);
                x++;
            }
            else if (x == ia.Count || ib[y] < ia[x])
            {
                (index, count) = (ib[y], cb[y]);
                y++;
            }
            else
            {
                (index, count) = (ia[x], ca[x] + cb[y]);
                x++;
                y++;
            }

            if (!keepEmpty && count == 0)
            {
                continue;
            }

            if (runLength > 0 && index == runStart + (int)runLength)
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

            counts.Add(count);
        }

        if (runLength > 0)
        {
            spans.Add(new HistogramSpan(spans.Count == 0 ? runStart : runStart - lastEnd, runLength));
        }

        return ([.. spans], [.. counts]);
    }
}
