namespace Nines.Metrics.Chunks;

/// <summary>
/// <paramref name="Count"/> new (empty) buckets to insert before the bucket at position
/// <paramref name="Position"/> of the original bucket list (Prometheus' chunkenc.Insert).
/// </summary>
internal readonly record struct BucketInsert(int Position, int Count);
