using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteSnappyTests
{
    private static RemoteWriteDecoder CreateSut(int maxBytes = RemoteWriteDecoderOptions.DefaultMaxDecompressedBytes) =>
        new(new RemoteWriteDecoderOptions { MaxDecompressedBytes = maxBytes });

    [Fact]
    public void DecodeSnappy_FramedFormat_CorruptSnappyNamingTheFormat()
    {
        var raw = Payloads.Realistic(10, 1).ToByteArray();
        using var framed = new MemoryStream();
        using (var stream = new Snappier.SnappyStream(framed, System.IO.Compression.CompressionMode.Compress, leaveOpen: true))
        {
            stream.Write(raw);
        }

        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(framed.ToArray(), RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.CorruptSnappy, result.Error);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("snappy: body uses the framed (stream) format; remote write requires the snappy block format", result.ErrorMessage);
    }

    [Fact]
    public void DecodeSnappy_UncompressedProtobuf_CorruptSnappy()
    {
        var raw = Payloads.Realistic(10, 1).ToByteArray();
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.CorruptSnappy, result.Error);
        Assert.StartsWith("snappy: corrupt input", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeSnappy_DeclaredSizeOverLimit_PayloadTooLargeBeforeDecompressing()
    {
        var compressed = Payloads.Snappy(Payloads.Realistic(200, 2).ToByteArray());
        using var batch = new SeriesBatch();

        var result = CreateSut(maxBytes: 1024).DecodeSnappy(compressed, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.PayloadTooLarge, result.Error);
        Assert.Equal(413, result.StatusCode);
        Assert.Matches(@"^snappy: decompressed size \d+ bytes exceeds the limit of 1024 bytes$", result.ErrorMessage);
    }

    [Fact]
    public void DecodeSnappy_HugeDeclaredLengthTinyBody_RejectedWithoutAllocating()
    {
        // Preamble claims 256 MiB: a zip-bomb header on a 5-byte body.
        byte[] body = [0xFF, 0xFF, 0xFF, 0x7F, 0x00];
        using var batch = new SeriesBatch();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = CreateSut(maxBytes: int.MaxValue).DecodeSnappy(body, RemoteWriteVersion.V1, batch);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Equal(IngestErrorKind.CorruptSnappy, result.Error);
        Assert.Contains("impossible", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeSnappy_OverLimitPreamble_PayloadTooLarge()
    {
        byte[] body = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00];
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy(body, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.PayloadTooLarge, result.Error);
    }

    [Fact]
    public void DecodeSnappy_EmptyBody_CorruptSnappy()
    {
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy([], RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.CorruptSnappy, result.Error);
        Assert.Equal("snappy: corrupt input: missing or invalid uncompressed-length preamble", result.ErrorMessage);
    }

    [Fact]
    public void DecodeSnappy_TruncatedAtEveryOffset_ErrorNeverThrows()
    {
        var compressed = Payloads.Snappy(Payloads.Realistic(20, 2).ToByteArray());
        var sut = CreateSut();
        using var batch = new SeriesBatch();

        for (var cut = 0; cut < compressed.Length; cut++)
        {
            var result = sut.DecodeSnappy(compressed.AsSpan(0, cut), RemoteWriteVersion.V1, batch);

            Assert.Equal(IngestErrorKind.CorruptSnappy, result.Error);
            Assert.Equal(0, batch.SeriesCount);
        }
    }

    [Fact]
    public void Decode_UncompressedOverLimit_PayloadTooLarge()
    {
        var raw = Payloads.Realistic(50, 1).ToByteArray();
        using var batch = new SeriesBatch();

        var result = CreateSut(maxBytes: 100).Decode(raw, RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.PayloadTooLarge, result.Error);
    }

    [Fact]
    public void DecodeSnappy_EmptyMessage_AcceptsNothing()
    {
        using var batch = new SeriesBatch();

        var result = CreateSut().DecodeSnappy([0x00], RemoteWriteVersion.V1, batch);

        Assert.Equal(IngestErrorKind.None, result.Error);
        Assert.Equal(0, batch.SeriesCount);
    }
}
