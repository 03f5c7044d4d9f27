using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Metrics.Wal;

namespace Nines.Ingest.Http;

/// <summary>
/// <c>POST /v1/metrics</c>: OTLP/HTTP with binary protobuf, optionally gzip-compressed
/// (https://opentelemetry.io/docs/specs/otlp/#otlphttp). Data points are mapped to Prometheus
/// series (see <see cref="OtlpMetricsWriter"/>) and stored in the tenant's metrics WAL before
/// the 200 answer, whose <c>partial_success</c> says how many points were rejected and why.
/// </summary>
internal sealed class OtlpMetricsEndpoint(OtlpMetricsWriter writer, IngestOptions options)
{
    private const string Protobuf = "application/x-protobuf";

    public async Task HandleAsync(HttpContext context)
    {
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        if (!mediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase))
        {
            var hint = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                ? "OTLP/JSON is not supported yet; configure the exporter for http/protobuf."
                : $"Content-Type '{context.Request.ContentType}' is not OTLP; send '{Protobuf}'.";
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", hint);
            return;
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (encoding.Length > 0 && !gzip)
        {
            await IngestHttp.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported encoding",
                $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding.");
            return;
        }

        IngestHttp.AllowBody(context, options);

        byte[]? body = null;
        byte[]? inflated = null;
        try
        {
            int length;
            (body, length) = await IngestHttp.ReadBodyAsync(context.Request, options.MaxCompressedBytes, context.RequestAborted);
            if (length < 0)
            {
                await TooLargeAsync(context);
                return;
            }

            var payload = body.AsMemory(0, length);
            if (gzip)
            {
                int inflatedLength;
                (inflated, inflatedLength) = await InflateAsync(payload, options.MaxDecompressedBytes, context.RequestAborted);
                if (inflatedLength == -2)
                {
                    await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Corrupt gzip", "The body is not valid gzip.");
                    return;
                }

                if (inflatedLength < 0)
                {
                    await TooLargeAsync(context);
                    return;
                }

                payload = inflated.AsMemory(0, inflatedLength);
            }

            ExportMetricsServiceRequest request;
            try
            {
                request = ExportMetricsServiceRequest.Parser.ParseFrom(payload.Span);
            }
            catch (InvalidProtocolBufferException e)
            {
                await IngestHttp.ProblemAsync(context, StatusCodes.Status400BadRequest, "Malformed OTLP",
                    "The body is not an OTLP ExportMetricsServiceRequest: " + e.Message);
                return;
            }

            var response = await writer.StoreAsync(request, IngestHttp.Tenant(context), context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = Protobuf;
            await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
        }
        catch (WalBackPressureException)
        {
            await IngestHttp.SaturatedAsync(context, options);
        }
        catch (Pipeline.LimitExceededException e)
        {
            await IngestHttp.LimitedAsync(context, e.Violation);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            if (inflated is not null)
            {
                ArrayPool<byte>.Shared.Return(inflated);
            }
        }
    }

    private Task TooLargeAsync(HttpContext context) =>
        IngestHttp.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"OTLP bodies may be at most {options.MaxCompressedBytes} bytes compressed and {options.MaxDecompressedBytes} bytes decompressed; lower the exporter's batch size.");

    // Inflates into a pooled buffer, stopping at the limit so a gzip bomb costs at most that much.
    // Length -1: over the limit; -2: not valid gzip.
    private static async Task<(byte[] Buffer, int Length)> InflateAsync(ReadOnlyMemory<byte> compressed, int limit, CancellationToken ct)
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

    // A read-only stream over memory, so gzip can read the pooled body without a copy.
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => memory.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
