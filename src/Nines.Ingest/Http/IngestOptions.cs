namespace Nines.Ingest.Http;

/// <summary>Limits of the ingest endpoints.</summary>
public sealed class IngestOptions
{
    /// <summary>Largest compressed request body accepted (Prometheus sends about 1–3 MB).</summary>
    public long MaxCompressedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest decompressed protobuf accepted (VictoriaMetrics' default).</summary>
    public int MaxDecompressedBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Seconds a sender is told to wait when the storage queue is full.</summary>
    public int RetryAfterSeconds { get; init; } = 1;
}
