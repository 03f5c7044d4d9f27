namespace Nines.Metrics.Chunks;

/// <summary>A chunk's encoding, with Prometheus' numbers (the byte before a chunk's data in a block's chunk segment).</summary>
public enum ChunkEncoding : byte
{
    /// <summary>Gorilla XOR floats (<see cref="XorChunk"/>).</summary>
    Xor = 1,

    /// <summary>Integer native histograms (<see cref="HistogramChunk"/>).</summary>
    Histogram = 2,

    /// <summary>Float native histograms (not stored yet).</summary>
    FloatHistogram = 3,
}
