using Nines.Ingest.Series;
using System.Buffers;
using Nines.Ingest.Compression;
using Nines.Metrics.Labels;

namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Decodes Prometheus remote-write bodies (snappy block format around protobuf) straight into a
/// reusable <see cref="SeriesBatch"/>, without generated message objects. Reuse one decoder
/// per worker: it keeps scratch buffers and a bounded string interner, and is not thread-safe.
/// Problems are reported in the returned <see cref="RemoteWriteResult"/>, never thrown.
/// </summary>
public sealed partial class RemoteWriteDecoder
{
    private readonly RemoteWriteDecoderOptions _options;
    private readonly SeriesLabels _series = new();

    /// <summary>Redacts label values of series not in the series cache (cached ones were redacted when built).</summary>
    internal Pipeline.Redaction.Redactor? Redactor
    {
        get => _series.Redactor;
        init => _series.Redactor = value;
    }
    private readonly StringInterner _interner = new();
    private readonly SeriesCache _cache;

    /// <summary>Creates a decoder with the given limits (defaults when <c>null</c>).</summary>
    public RemoteWriteDecoder(RemoteWriteDecoderOptions? options = null)
        : this(options, null)
    {
    }

    /// <summary>A decoder that uses <paramref name="sharedCache"/> (thread-safe) instead of a cache of its own.</summary>
    internal RemoteWriteDecoder(RemoteWriteDecoderOptions? options, SeriesCache? sharedCache)
    {
        _options = options ?? new RemoteWriteDecoderOptions();
        if (_options.MaxDecompressedBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxDecompressedBytes, "RemoteWriteDecoderOptions.MaxDecompressedBytes must be positive.");
        }

        if (_options.SeriesCacheSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.SeriesCacheSize, "RemoteWriteDecoderOptions.SeriesCacheSize must not be negative.");
        }

        _cache = sharedCache ?? new SeriesCache(_options.SeriesCacheSize);
    }

    /// <summary>Decodes a snappy-compressed (block format) body, as sent with <c>Content-Encoding: snappy</c>.</summary>
    public RemoteWriteResult DecodeSnappy(ReadOnlySpan<byte> body, RemoteWriteVersion version, SeriesBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var kind = SnappyBlock.TryDecompress(body, _options.MaxDecompressedBytes, out var rented, out var length, out var error);
        if (kind != IngestErrorKind.None)
        {
            batch.Clear();
            var failed = new RemoteWriteResult();
            failed.Fail(kind, error!);
            return failed;
        }

        try
        {
            return Decode(rented.AsSpan(0, length), version, batch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented!);
        }
    }

    /// <summary>Decodes an uncompressed protobuf message. The batch is cleared first.</summary>
    public RemoteWriteResult Decode(ReadOnlySpan<byte> protobuf, RemoteWriteVersion version, SeriesBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        var result = new RemoteWriteResult();
        if (protobuf.Length > _options.MaxDecompressedBytes)
        {
            result.Fail(IngestErrorKind.PayloadTooLarge, $"request body of {protobuf.Length} bytes exceeds the limit of {_options.MaxDecompressedBytes} bytes");
            return result;
        }

        var ok = version switch
        {
            RemoteWriteVersion.V1 => DecodeV1(protobuf, batch, result),
            RemoteWriteVersion.V2 => DecodeV2(protobuf, batch, result),
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown remote-write version."),
        };

        if (!ok)
        {
            batch.Clear();
            return result;
        }

        result.SeriesAccepted = batch.SeriesCount;
        result.SamplesAccepted = batch.SampleCount;
        result.HistogramsAccepted = batch.HistogramCount;
        return result;
    }

    private static bool Malformed(RemoteWriteResult result, string where)
    {
        result.Fail(IngestErrorKind.MalformedProtobuf, $"malformed protobuf: truncated or invalid {where}");
        return false;
    }

    /// <summary>Builds the collected labels; on success commits the series, else drops its samples. Returns the labels or null.</summary>
    private LabelSet? CommitOrReject(SeriesBatch batch, RemoteWriteResult result, int sampleStart)
    {
        if (_series.TryBuild(result.WantsMessage, out var labels, out var reason, out var message))
        {
            if (batch.HasPending(sampleStart))
            {
                batch.CommitSeries(labels);
            }

            return labels;
        }

        result.Reject(reason, batch.SampleCount - sampleStart + batch.PendingHistograms, message);
        batch.TruncateSamples(sampleStart);
        return null;
    }
}
