using System.Buffers;
using System.IO.Compression;

namespace Nines.Ingest.Http;

/// <summary>gzip request bodies for the OTLP, Zipkin and Loki endpoints.</summary>
internal static class GzipBody
{
    // Inflates into a pooled buffer, stopping at the limit so a gzip bomb costs at most that much.
    // Length -1: over the limit; -2: not valid gzip.
    public static async Task<(byte[] Buffer, int Length)> InflateAsync(ReadOnlyMemory<byte> compressed, int limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(compressed.Length * 4, 4096), limit + 1));
        var length = 0;
        try
        {
            await using var gzip = new GZipStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return (buffer, -1);
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await gzip.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    return (buffer, length > limit ? -1 : length);
                }

                length += read;
            }
        }
        catch (InvalidDataException)
        {
            return (buffer, -2);
        }
    }
}
