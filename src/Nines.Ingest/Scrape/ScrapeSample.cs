using Nines.Metrics.Exemplars;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>One sample produced by a scrape, ready for storage, with the OpenMetrics exemplar that came with it.</summary>
internal readonly record struct ScrapeSample(LabelSet Labels, long Timestamp, double Value, Exemplar? Exemplar = null);
