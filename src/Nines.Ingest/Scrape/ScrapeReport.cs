namespace Nines.Ingest.Scrape;

/// <summary>What one scrape found, reported as the synthetic series <c>scrape_*</c>.</summary>
/// <param name="Scraped">Samples in the body (scrape_samples_scraped).</param>
/// <param name="PostRelabeling">Samples left after metric_relabel_configs (scrape_samples_post_metric_relabeling).</param>
/// <param name="SeriesAdded">Series not in the previous scrape (scrape_series_added).</param>
/// <param name="Error">Why the scrape failed, or null.</param>
internal readonly record struct ScrapeReport(int Scraped, int PostRelabeling, int SeriesAdded, string? Error);
