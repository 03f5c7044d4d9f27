namespace Nines.Ingest.RemoteWrite;

/// <summary>Why a remote-write request was not (fully) accepted. <see cref="RemoteWriteResult.StatusCode"/> maps each to HTTP.</summary>
public enum IngestErrorKind
{
    /// <summary>Everything was accepted (HTTP 204).</summary>
    None = 0,

    /// <summary>
    /// Some series were invalid and dropped; the valid rest is in the batch and should still be
    /// written (HTTP 400, as the 1.0 and 2.0 specs ask and Prometheus' 2.0 handler does; Prometheus'
    /// 1.0 handler still answers 204 and only counts them, a TODO in storage/remote/write_handler.go).
    /// </summary>
    InvalidSeries,

    /// <summary>The protobuf message is truncated or malformed; nothing was accepted (HTTP 400).</summary>
    MalformedProtobuf,

    /// <summary>The body is not valid snappy block format (including the framed/stream format); nothing was accepted (HTTP 400).</summary>
    CorruptSnappy,

    /// <summary>A Remote Write 2.0 symbol reference points past the symbol table, or label refs are odd in number (HTTP 400).</summary>
    InvalidSymbolReference,

    /// <summary>The declared decompressed size exceeds the configured limit; checked before any allocation (HTTP 413).</summary>
    PayloadTooLarge,

    /// <summary>
    /// A native histogram cannot be stored (invalid per Prometheus' rules, custom buckets, or a float
    /// histogram with fractional counts); nothing was accepted (HTTP 400, the message names the series).
    /// </summary>
    InvalidHistogram,
}
