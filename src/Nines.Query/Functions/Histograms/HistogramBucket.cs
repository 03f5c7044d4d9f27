namespace Nines.Query.Functions.Histograms;

/// <summary>One bucket of a native histogram with its absolute bounds (Prometheus' <c>histogram.Bucket[float64]</c>).</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="LowerInclusive">Whether the lower bound belongs to the bucket (negative and zero buckets).</param>
/// <param name="UpperInclusive">Whether the upper bound belongs to the bucket (positive and zero buckets).</param>
/// <param name="Count">Observations in the bucket.</param>
internal readonly record struct HistogramBucket(double Lower, double Upper, bool LowerInclusive, bool UpperInclusive, double Count)
{
    /// <summary>The JSON boundary rule of the HTTP API: 0 (lower, upper], 1 [lower, upper), 2 (lower, upper), 3 [lower, upper].</summary>
    public int BoundaryRule => LowerInclusive ? (UpperInclusive ? 3 : 1) : (UpperInclusive ? 0 : 2);
}
