namespace Nines.Metrics.Histograms;

/// <summary>
/// A run of consecutive populated buckets of a native histogram, as in Prometheus' <c>histogram.Span</c>:
/// <see cref="Offset"/> is the gap (in bucket indexes) from the end of the previous span, or the
/// index of the first bucket for the first span; <see cref="Length"/> buckets follow.
/// </summary>
/// <param name="Offset">Gap to the previous span's end (or the first bucket index).</param>
/// <param name="Length">Number of consecutive buckets.</param>
public readonly record struct HistogramSpan(int Offset, uint Length);
