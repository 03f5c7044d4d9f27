namespace Nines.Ingest.Otlp;

/// <summary>The Prometheus metric type an OTLP metric maps to; drives the name suffixes (otlptranslator <c>MetricType</c>).</summary>
internal enum OtlpMetricKind
{
    Gauge,
    MonotonicCounter,
    Histogram,
    Summary,
}
