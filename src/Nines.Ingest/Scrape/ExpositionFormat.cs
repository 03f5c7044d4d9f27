namespace Nines.Ingest.Scrape;

/// <summary>The two text formats a scrape target may answer with, told apart by Content-Type.</summary>
internal enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>), also the fallback for any other type.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 (<c>application/openmetrics-text</c>): strict spacing, float-second timestamps, exemplars, <c># EOF</c>.</summary>
    OpenMetrics,
}
