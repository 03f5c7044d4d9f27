using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Nines.Ingest.Http;

/// <summary>
/// A request body read into pooled buffers, gzip-inflated when <c>Content-Encoding: gzip</c>
/// (with the same limits as OTLP). <see cref="ReadAsync"/> answers 413/400/415 itself and returns
/// null when the body cannot be used.
/// </summary>
internal sealed class IngestBody : IDisposable
{
    private byte[]? _raw;
    private byte[]? _inflated;

    private IngestBody(byte[] raw, byte[]? inflated, ReadOnlyMemory<byte> payload)
    {
        _raw = raw;
        _inflated = inflated;
        Payload = payload;
    }

    public ReadOnlyMemory<byte> Payload { get; }

    public static async Task<IngestBody?> ReadAsync(HttpContext context, IngestOptions options, string what)
    {
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (encoding.Length > 0 && !gzip)
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported encoding",
                $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding.");
            return null;
        }

        IngestHttp.AllowBody(context, options);
        var (raw, length) = await IngestHttp.ReadBodyAsync(context.Request, options.MaxCompressedBytes, context.RequestAborted);
        if (length >= 0 && !gzip)
        {
            return new IngestBody(raw, null, raw.AsMemory(0, length));
        }

        if (length >= 0)
        {
            var (inflated, inflatedLength) = await GzipBody.InflateAsync(raw.AsMemory(0, length), options.MaxDecompressedBytes, context.RequestAborted);
            if (inflatedLength >= 0)
            {
                return new IngestBody(raw, inflated, inflated.AsMemory(0, inflatedLength));
            }

            ArrayPool<byte>.Shared.Return(inflated);
            if (inflatedLength == -2)
            {
                ArrayPool<byte>.Shared.Return(raw);
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Corrupt gzip", "The body is not valid gzip.");
                return null;
            }
        }

        ArrayPool<byte>.Shared.Return(raw);
        await IngestHttp.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"{what} bodies may be at most {options.MaxCompressedBytes} bytes compressed and {options.MaxDecompressedBytes} bytes decompressed; send smaller batches.");
        return null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _raw, null) is { } raw)
        {
            ArrayPool<byte>.Shared.Return(raw);
        }

        if (Interlocked.Exchange(ref _inflated, null) is { } inflated)
        {
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }
}
