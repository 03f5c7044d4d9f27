namespace Nines.Ingest.Series;

/// <summary>One float sample: milliseconds since the Unix epoch and the value (NaN is legal: it carries staleness markers).</summary>
/// <param name="TimestampMs">Sample time in Unix milliseconds, as sent (not range-checked here; storage decides out-of-bounds).</param>
/// <param name="Value">The sample value.</param>
public readonly record struct SeriesSample(long TimestampMs, double Value);
