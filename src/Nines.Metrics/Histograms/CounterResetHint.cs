namespace Nines.Metrics.Histograms;

/// <summary>What a native histogram says about a counter reset against the previous sample (Prometheus' <c>histogram.CounterResetHint</c>, same numbers).</summary>
public enum CounterResetHint : byte
{
    /// <summary>Unknown: a reset must be detected by comparing with the previous sample.</summary>
    Unknown = 0,

    /// <summary>A counter reset happened just before this sample.</summary>
    CounterReset = 1,

    /// <summary>No counter reset since the previous sample.</summary>
    NotCounterReset = 2,

    /// <summary>A gauge histogram: counts may go up and down.</summary>
    Gauge = 3,
}
