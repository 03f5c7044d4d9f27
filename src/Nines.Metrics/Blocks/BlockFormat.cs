namespace Nines.Metrics.Blocks;

/// <summary>
/// Constants of Prometheus' block format (prometheus/prometheus tsdb/docs/format/index.md,
/// chunks.md, tombstones.md). All checksums are CRC-32 Castagnoli.
/// </summary>
internal static class BlockFormat
{
    public const uint IndexMagic = 0xBAAAD700;
    public const byte IndexVersion = 2;
    public const uint ChunksMagic = 0x85BD40DD;
    public const byte ChunksVersion = 1;

    /// <summary>
    /// Magic of chunk segments holding Nines' dense chunks ("NINE"). Prometheus 2.42 decodes an unknown
    /// chunk encoding byte as garbage without an error, but refuses a segment with a foreign magic:
    /// so a block in the dense encoding fails loudly in promtool instead of returning wrong samples.
    /// </summary>
    public const uint DenseChunksMagic = 0x4E494E45;
    public const int ChunksHeaderSize = 8;
    public const uint TombstonesMagic = 0x0130BA30;
    public const byte TombstonesVersion = 1;
    public const byte XorEncoding = 1;
    public const int TocSize = (6 * 8) + 4;

    /// <summary>Chunk segment files are cut at 512 MiB, as Prometheus' DefaultChunkSegmentSize.</summary>
    public const long ChunkSegmentSize = 512L * 1024 * 1024;

    public const string IndexFileName = "index";
    public const string ChunksDirectoryName = "chunks";
    public const string TombstonesFileName = "tombstones";

    /// <summary>Suffixes of Prometheus' tsdb/db.go for a block being written and a block being deleted.</summary>
    public const string TmpCreationSuffix = ".tmp-for-creation";
    public const string TmpDeletionSuffix = ".tmp-for-deletion";

    /// <summary>Where corrupt blocks are moved (our addition; Prometheus refuses to open instead).</summary>
    public const string QuarantineDirectoryName = "quarantine";

    public static string ChunkSegmentName(int index) => index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
