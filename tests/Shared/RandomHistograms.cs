using Nines.Metrics.Histograms;

namespace Nines.Tests.Shared;

/// <summary>
/// Random native histograms for codec property tests: mostly growing counters, sometimes with new
/// or vanished buckets, counter resets, schema or threshold changes, gauges and stale markers.
/// Compared by bucket index and absolute count (recoding adds empty buckets, which mean nothing).
/// </summary>
internal static class RandomHistograms
{
    public static Histogram Next(Random random, Histogram? previous)
    {
        var roll = random.Next(100);
        if (previous is not null && roll < 3)
        {
            return new Histogram { Sum = BitConverter.UInt64BitsToDouble(Histogram.StaleNaNBits) };
        }

        var prevCounts = previous is null || previous.IsStaleMarker ? [] : Absolute(previous.PositiveSpans, previous.PositiveBuckets);
        var prevNeg = previous is null || previous.IsStaleMarker ? [] : Absolute(previous.NegativeSpans, previous.NegativeBuckets);
        var reset = previous is null || previous.IsStaleMarker || roll < 8;
        var gauge = roll is >= 90;
        var positive = Evolve(random, reset ? [] : prevCounts, gauge);
        var negative = Evolve(random, reset ? [] : prevNeg, gauge);
        var zero = (ulong)random.Next(0, 5) + (reset || previous is null ? 0 : previous.ZeroCount);
        var h = new Histogram
        {
            CounterResetHint = gauge ? CounterResetHint.Gauge : CounterResetHint.Unknown,
            Schema = roll is >= 85 and < 88 ? random.Next(-4, 9) : previous?.Schema ?? 3,
            ZeroThreshold = roll is >= 88 and < 90 ? random.NextDouble() : previous?.ZeroThreshold ?? 1e-3,
            ZeroCount = zero,
            Sum = random.Next(4) == 0 ? Math.Round(random.NextDouble() * 1000, 1) : random.NextDouble() * 1e6,
        };
        (h.PositiveSpans, h.PositiveBuckets) = Encode(positive);
        (h.NegativeSpans, h.NegativeBuckets) = Encode(negative);
        var total = zero;
        foreach (var c in positive.Values)
        {
            total += (ulong)c;
        }

        foreach (var c in negative.Values)
        {
            total += (ulong)c;
        }

        h.Count = total + (ulong)random.Next(0, 3);
        Assert.Null(h.Validate());
        return h;
    }

    public static void AssertSame(Histogram expected, FloatHistogram actual)
    {
        Assert.Equal(BitConverter.DoubleToUInt64Bits(expected.Sum), BitConverter.DoubleToUInt64Bits(actual.Sum));
        if (expected.IsStaleMarker)
        {
            return;
        }

        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.ZeroThreshold, actual.ZeroThreshold);
        Assert.Equal((double)expected.Count, actual.Count);
        Assert.Equal((double)expected.ZeroCount, actual.ZeroCount);
        Assert.Equal(NonZero(Absolute(expected.PositiveSpans, expected.PositiveBuckets)), NonZero(Absolute(actual.PositiveSpans, actual.PositiveBuckets)));
        Assert.Equal(NonZero(Absolute(expected.NegativeSpans, expected.NegativeBuckets)), NonZero(Absolute(actual.NegativeSpans, actual.NegativeBuckets)));
    }

    public static SortedDictionary<int, long> Absolute(HistogramSpan[] spans, long[] deltas)
    {
        var result = new SortedDictionary<int, long>();
        var index = 0;
        var b = 0;
        long current = 0;
        for (var s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (var k = 0; k < spans[s].Length; k++)
            {
                current += deltas[b++];
                result[index++] = current;
            }
        }

        return result;
    }

    private static SortedDictionary<int, long> Absolute(HistogramSpan[] spans, double[] counts)
    {
        var result = new SortedDictionary<int, long>();
        var index = 0;
        var b = 0;
        for (var s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (var k = 0; k < spans[s].Length; k++)
            {
                result[index++] = (long)counts[b++];
            }
        }

        return result;
    }

    private static List<KeyValuePair<int, long>> NonZero(SortedDictionary<int, long> counts) => counts.Where(kv => kv.Value != 0).ToList();

    private static SortedDictionary<int, long> Evolve(Random random, SortedDictionary<int, long> previous, bool gauge)
    {
        var next = new SortedDictionary<int, long>();
        foreach (var (index, count) in previous)
        {
            // Gauges may drop buckets and counts; counters (mostly) grow.
            if (gauge && random.Next(5) == 0)
            {
                continue;
            }

            next[index] = gauge ? random.Next(0, 50) : count + (random.Next(3) == 0 ? 0 : random.Next(1, 100));
        }

        var added = previous.Count == 0 ? random.Next(0, 6) : random.Next(6) == 0 ? random.Next(1, 3) : 0;
        for (var i = 0; i < added; i++)
        {
            next.TryAdd(random.Next(-20, 20), random.Next(0, 1000));
        }

        return next;
    }

    private static (HistogramSpan[] Spans, long[] Deltas) Encode(SortedDictionary<int, long> counts)
    {
        var spans = new List<HistogramSpan>();
        var deltas = new List<long>();
        int? last = null;
        long previous = 0;
        foreach (var (index, count) in counts)
        {
            if (last is { } l && index == l + 1)
            {
                spans[^1] = spans[^1] with { Length = spans[^1].Length + 1 };
            }
            else
            {
                spans.Add(new HistogramSpan(last is null ? index : index - last.Value - 1, 1));
            }

            deltas.Add(count - previous);
            previous = count;
            last = index;
        }

        return (spans.ToArray(), deltas.ToArray());
    }
}
