using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>One sample produced by a scrape, ready for storage.</summary>
internal readonly record struct ScrapeSample(LabelSet Labels, long Timestamp, double Value);
