namespace Nines.Ingest.Pipeline;

/// <summary>What an ingest request carries, for rate limits and per-tenant counters.</summary>
internal enum IngestSignal
{
    /// <summary>Metric samples (remote write, OTLP metrics, scrapes).</summary>
    Samples,

    /// <summary>Spans (OTLP traces, Zipkin).</summary>
    Spans,

    /// <summary>Log records (OTLP logs, Loki push).</summary>
    Logs,
}
