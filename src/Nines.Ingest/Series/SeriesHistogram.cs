using Nines.Metrics.Histograms;

namespace Nines.Ingest.Series;

/// <summary>One native-histogram sample: milliseconds since the Unix epoch and the histogram (integer counts, validated).</summary>
/// <param name="TimestampMs">Sample time in Unix milliseconds, as sent.</param>
/// <param name="Histogram">The histogram; owned by the batch until it is cleared.</param>
public readonly record struct SeriesHistogram(long TimestampMs, Histogram Histogram);
