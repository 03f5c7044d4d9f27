namespace Nines.Metrics.Histograms;

/// <summary>
/// A native histogram with float counts and absolute (not delta) bucket counts: what queries see
/// (Prometheus' <c>histogram.FloatHistogram</c>). Stored integer histograms are read as these; PromQL
/// results (rates, sums) are these. The arithmetic PromQL needs lives in the query module.
/// </summary>
public sealed class FloatHistogram
{
    /// <summary>Counter-reset hint.</summary>
    public CounterResetHint CounterResetHint { get; set; }

    /// <summary>The resolution (see <see cref="Histogram.Schema"/>).</summary>
    public int Schema { get; set; }

    /// <summary>Observations with absolute value at or below this fall in the zero bucket.</summary>
    public double ZeroThreshold { get; set; }

    /// <summary>Observations in the zero bucket.</summary>
    public double ZeroCount { get; set; }

    /// <summary>Total number of observations.</summary>
    public double Count { get; set; }

    /// <summary>Sum of the observations.</summary>
    public double Sum { get; set; }

    /// <summary>Spans of populated positive buckets.</summary>
    public HistogramSpan[] PositiveSpans { get; set; } = [];

    /// <summary>Positive bucket counts (absolute).</summary>
    public double[] PositiveBuckets { get; set; } = [];

    /// <summary>Spans of populated negative buckets.</summary>
    public HistogramSpan[] NegativeSpans { get; set; } = [];

    /// <summary>Negative bucket counts (absolute).</summary>
    public double[] NegativeBuckets { get; set; } = [];

    /// <summary>Whether this is a staleness marker: <see cref="Sum"/> has <see cref="Histogram.StaleNaNBits"/>, the other fields mean nothing.</summary>
    public bool IsStaleMarker => BitConverter.DoubleToUInt64Bits(Sum) == Histogram.StaleNaNBits;

    /// <summary>A deep copy.</summary>
    public FloatHistogram Copy() => new()
    {
        CounterResetHint = CounterResetHint,
        Schema = Schema,
        ZeroThreshold = ZeroThreshold,
        ZeroCount = ZeroCount,
        Count = Count,
        Sum = Sum,
        PositiveSpans = (HistogramSpan[])PositiveSpans.Clone(),
        PositiveBuckets = (double[])PositiveBuckets.Clone(),
        NegativeSpans = (HistogramSpan[])NegativeSpans.Clone(),
        NegativeBuckets = (double[])NegativeBuckets.Clone(),
    };
}
