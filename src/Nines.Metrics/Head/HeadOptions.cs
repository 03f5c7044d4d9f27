using Nines.Metrics.Chunks;

namespace Nines.Metrics.Head;

/// <summary>Options of the in-memory head block.</summary>
public sealed class HeadOptions
{
    /// <summary>Samples per chunk before a new chunk is cut (Prometheus uses 120); 1 to 65535.</summary>
    public int MaxSamplesPerChunk { get; set; } = XorChunk.DefaultMaxSamples;

    internal void Validate()
    {
        if (MaxSamplesPerChunk is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSamplesPerChunk), MaxSamplesPerChunk, "HeadOptions.MaxSamplesPerChunk must be between 1 and 65535.");
        }
    }
}
