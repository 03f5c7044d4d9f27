namespace Nines.Metrics.Storage;

/// <summary>A persisted block as listed by <see cref="MetricsStorage.Blocks"/>.</summary>
/// <param name="Ulid">The block's directory name.</param>
/// <param name="MinTime">First millisecond covered.</param>
/// <param name="MaxTime">End of the range, exclusive (as in Prometheus' meta.json).</param>
/// <param name="Series">Series in the block.</param>
/// <param name="Samples">Samples in the block.</param>
/// <param name="Level">Compaction level: 1 for a block cut from the head, higher once merged.</param>
/// <param name="SizeBytes">Bytes on disk.</param>
public readonly record struct BlockInfo(string Ulid, long MinTime, long MaxTime, long Series, long Samples, int Level, long SizeBytes)
{
    /// <summary>Downsampling resolution in milliseconds (0: raw samples).</summary>
    public long Resolution { get; init; }
}
