namespace Nines.Ingest.Scrape;

/// <summary>The metric family types of both formats (<c># TYPE</c>).</summary>
internal enum ExpositionMetricType
{
    /// <summary>No TYPE line, <c>untyped</c> (text) or <c>unknown</c> (OpenMetrics).</summary>
    Unknown,

    /// <summary><c>counter</c>.</summary>
    Counter,

    /// <summary><c>gauge</c>.</summary>
    Gauge,

    /// <summary><c>histogram</c>.</summary>
    Histogram,

    /// <summary><c>gaugehistogram</c> (OpenMetrics).</summary>
    GaugeHistogram,

    /// <summary><c>summary</c>.</summary>
    Summary,

    /// <summary><c>info</c> (OpenMetrics).</summary>
    Info,

    /// <summary><c>stateset</c> (OpenMetrics).</summary>
    StateSet,
}
