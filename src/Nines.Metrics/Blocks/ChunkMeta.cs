namespace Nines.Metrics.Blocks;

/// <summary>A chunk's time range and reference (segment index in the high 32 bits, byte offset in the low) in a block.</summary>
internal readonly record struct ChunkMeta(long MinTime, long MaxTime, ulong Ref);
