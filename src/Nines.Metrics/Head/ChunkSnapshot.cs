namespace Nines.Metrics.Head;

/// <summary>A chunk's array and sample count taken under the series lock; immutable from then on (see XorChunk).</summary>
internal readonly record struct ChunkSnapshot(byte[] Buffer, int Count);
