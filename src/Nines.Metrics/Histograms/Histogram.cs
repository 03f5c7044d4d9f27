namespace Nines.Metrics.Histograms;

/// <summary>
/// A native (sparse, exponential) histogram sample with integer counts, as ingested and stored: the
/// model of Prometheus' <c>histogram.Histogram</c> and of the remote-write and OTLP wire forms.
/// Bucket boundaries follow from <see cref="Schema"/> (-4..8: each power of two split into 2^schema
/// buckets); bucket counts are delta-encoded (each bucket's count minus the previous bucket's,
/// across spans), as on the wire.
/// </summary>
public sealed class Histogram
{
    /// <summary>Lowest schema Prometheus accepts.</summary>
    public const int MinSchema = -4;

    /// <summary>Highest schema Prometheus accepts.</summary>
    public const int MaxSchema = 8;

    /// <summary>
    /// Bit pattern of Prometheus' staleness marker (model/value.StaleNaN). A histogram whose
    /// <see cref="Sum"/> has it marks the series stale; its other fields mean nothing.
    /// </summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    /// <summary>Whether this is a staleness marker (see <see cref="StaleNaNBits"/>).</summary>
    public bool IsStaleMarker => BitConverter.DoubleToUInt64Bits(Sum) == StaleNaNBits;

    /// <summary>Counter-reset hint.</summary>
    public CounterResetHint CounterResetHint { get; set; }

    /// <summary>The resolution: bucket i of schema s has upper bound 2^(i·2^-s).</summary>
    public int Schema { get; set; }

    /// <summary>Observations with absolute value at or below this fall in the zero bucket.</summary>
    public double ZeroThreshold { get; set; }

    /// <summary>Observations in the zero bucket.</summary>
    public ulong ZeroCount { get; set; }

    /// <summary>Total number of observations (NaN observations included, so it may exceed the buckets' sum).</summary>
    public ulong Count { get; set; }

    /// <summary>Sum of the observations.</summary>
    public double Sum { get; set; }

    /// <summary>Spans of populated positive buckets.</summary>
    public HistogramSpan[] PositiveSpans { get; set; } = [];

    /// <summary>Positive bucket counts, delta-encoded.</summary>
    public long[] PositiveBuckets { get; set; } = [];

    /// <summary>Spans of populated negative buckets.</summary>
    public HistogramSpan[] NegativeSpans { get; set; } = [];

    /// <summary>Negative bucket counts, delta-encoded.</summary>
    public long[] NegativeBuckets { get; set; } = [];

    /// <summary>
    /// Checks the histogram as Prometheus' <c>Histogram.Validate</c> does: schema in range, span
    /// lengths matching the bucket counts, no negative bucket count, and the buckets not exceeding
    /// <see cref="Count"/> (unless the sum is NaN). Returns null when valid, else a message naming the fault.
    /// </summary>
    public string? Validate()
    {
        if (Schema is < MinSchema or > MaxSchema)
        {
            return $"histogram schema {Schema} is outside [{MinSchema}, {MaxSchema}]";
        }

        if (ZeroThreshold < 0 || double.IsNaN(ZeroThreshold))
        {
            return $"histogram zero threshold {ZeroThreshold} is not a non-negative number";
        }

        var negative = CheckBuckets(NegativeSpans, NegativeBuckets, "negative", out var negativeTotal);
        if (negative is not null)
        {
            return negative;
        }

        var positive = CheckBuckets(PositiveSpans, PositiveBuckets, "positive", out var positiveTotal);
        if (positive is not null)
        {
            return positive;
        }

        var buckets = negativeTotal + positiveTotal + ZeroCount;
        if (!double.IsNaN(Sum) && buckets > Count)
        {
            return $"histogram count {Count} is smaller than the {buckets} observations in its buckets";
        }

        return null;
    }

    /// <summary>The same histogram with absolute float bucket counts.</summary>
    public FloatHistogram ToFloat()
    {
        return new FloatHistogram
        {
            CounterResetHint = CounterResetHint,
            Schema = Schema,
            ZeroThreshold = ZeroThreshold,
            ZeroCount = ZeroCount,
            Count = Count,
            Sum = Sum,
            PositiveSpans = (HistogramSpan[])PositiveSpans.Clone(),
            PositiveBuckets = Absolute(PositiveBuckets),
            NegativeSpans = (HistogramSpan[])NegativeSpans.Clone(),
            NegativeBuckets = Absolute(NegativeBuckets),
        };
    }

    /// <summary>A deep copy.</summary>
    public Histogram Copy() => new()
    {
        CounterResetHint = CounterResetHint,
        Schema = Schema,
        ZeroThreshold = ZeroThreshold,
        ZeroCount = ZeroCount,
        Count = Count,
        Sum = Sum,
        PositiveSpans = (HistogramSpan[])PositiveSpans.Clone(),
        PositiveBuckets = (long[])PositiveBuckets.Clone(),
        NegativeSpans = (HistogramSpan[])NegativeSpans.Clone(),
        NegativeBuckets = (long[])NegativeBuckets.Clone(),
    };

    /// <summary>Absolute bucket counts from delta-encoded ones.</summary>
    internal static double[] Absolute(long[] deltas)
    {
        if (deltas.Length == 0)
        {
            return [];
        }

        var result = new double[deltas.Length];
        long current = 0;
        for (var i = 0; i < deltas.Length; i++)
        {
            current += deltas[i];
            result[i] = current;
        }

        return result;
    }

    private static string? CheckBuckets(HistogramSpan[] spans, long[] deltas, string side, out ulong total)
    {
        total = 0;
        long spanBuckets = 0;
        for (var i = 0; i < spans.Length; i++)
        {
            if (i > 0 && spans[i].Offset < 0)
            {
                return $"histogram {side} span {i} has negative offset {spans[i].Offset}";
            }

            spanBuckets += spans[i].Length;
        }

        if (spanBuckets != deltas.Length)
        {
            return $"histogram {side} spans cover {spanBuckets} buckets but {deltas.Length} {side} bucket counts were given";
        }

        long current = 0;
        for (var i = 0; i < deltas.Length; i++)
        {
            current += deltas[i];
            if (current < 0)
            {
                return $"histogram {side} bucket {i} has negative count {current}";
            }

            total += (ulong)current;
        }

        return null;
    }
}
