using Nines.Ingest.Series;
namespace Nines.Ingest.RemoteWrite;

/// <summary>Limits for <see cref="RemoteWriteDecoder"/>.</summary>
public sealed class RemoteWriteDecoderOptions
{
    /// <summary>Default decompressed size limit: 32 MiB, VictoriaMetrics' <c>-maxInsertRequestSize</c> default.</summary>
    public const int DefaultMaxDecompressedBytes = 32 * 1024 * 1024;

    /// <summary>Largest decompressed body accepted; larger declared sizes answer 413 before allocating.</summary>
    public int MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;

    /// <summary>
    /// Remote Write 1.0 series whose label bytes were seen before reuse the cached label set
    /// (per decoder; the remote-write endpoint shares one cache among its decoders). Default
    /// 262,144 entries; 0 disables the cache.
    /// </summary>
    public int SeriesCacheSize { get; init; } = 1 << 18;
}
