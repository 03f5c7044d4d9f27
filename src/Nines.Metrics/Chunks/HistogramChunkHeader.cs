namespace Nines.Metrics.Chunks;

/// <summary>
/// The counter-reset bits (top two) of a histogram chunk's third header byte, with Prometheus'
/// values (tsdb/chunkenc/histogram.go CounterResetHeader): why the chunk was cut.
/// </summary>
internal enum HistogramChunkHeader : byte
{
    /// <summary>Not known whether a counter reset preceded the chunk: queries must compare with the previous sample.</summary>
    Unknown = 0b0000_0000,

    /// <summary>The chunk was cut because of a counter reset.</summary>
    CounterReset = 0b1000_0000,

    /// <summary>The chunk was cut without a counter reset (it was full).</summary>
    NotCounterReset = 0b0100_0000,

    /// <summary>The chunk holds gauge histograms.</summary>
    Gauge = 0b1100_0000,
}
