using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;

namespace Nines.Query;

/// <summary>The result of a query: one of <see cref="ScalarResult"/>, <see cref="StringResult"/>, <see cref="VectorResult"/>, <see cref="MatrixResult"/>.</summary>
public abstract class QueryValue
{
    private protected QueryValue()
    {
    }

    /// <summary>The Prometheus <c>resultType</c>: scalar, string, vector or matrix.</summary>
    public abstract string ResultType { get; }
}

/// <summary>A scalar at a time (ms).</summary>
public sealed class ScalarResult(long timestamp, double value) : QueryValue
{
    /// <inheritdoc />
    public override string ResultType => "scalar";

    /// <summary>Milliseconds since the epoch.</summary>
    public long Timestamp { get; } = timestamp;

    /// <summary>The value.</summary>
    public double Value { get; } = value;
}

/// <summary>A string at a time (ms).</summary>
public sealed class StringResult(long timestamp, string value) : QueryValue
{
    /// <inheritdoc />
    public override string ResultType => "string";

    /// <summary>Milliseconds since the epoch.</summary>
    public long Timestamp { get; } = timestamp;

    /// <summary>The value.</summary>
    public string Value { get; } = value;
}

/// <summary>An instant vector: one sample per series, in the order Prometheus returns them.</summary>
public sealed class VectorResult(IReadOnlyList<VectorSample> samples) : QueryValue
{
    /// <inheritdoc />
    public override string ResultType => "vector";

    /// <summary>The samples.</summary>
    public IReadOnlyList<VectorSample> Samples { get; } = samples;
}

/// <summary>A range result: series sorted by labels, each with its points.</summary>
public sealed class MatrixResult(IReadOnlyList<RangeSeries> series) : QueryValue
{
    /// <inheritdoc />
    public override string ResultType => "matrix";

    /// <summary>The series.</summary>
    public IReadOnlyList<RangeSeries> Series { get; } = series;
}

/// <summary>One sample of an instant vector.</summary>
public readonly record struct VectorSample(LabelSet Metric, long Timestamp, double Value)
{
    /// <summary>The native histogram when the sample is one (then <see cref="Value"/> is 0), else null.</summary>
    public FloatHistogram? Histogram { get; init; }
}

/// <summary>One series of a matrix: parallel arrays of timestamps (ms) and values, oldest first.</summary>
public sealed record RangeSeries(LabelSet Metric, long[] Timestamps, double[] Values)
{
    /// <summary>
    /// Per point, the native histogram when that point is one (its value is then 0), or null when
    /// the series has only float points.
    /// </summary>
    public FloatHistogram?[]? Histograms { get; init; }
}
