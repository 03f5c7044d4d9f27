using System.Buffers;
using Nines.Ingest.RemoteWrite;
using Snappier;

namespace Nines.Ingest.Compression;

/// <summary>
/// Snappy block-format decompression with the size limit checked from the preamble before any
/// buffer is rented. Format: https://github.com/google/snappy/blob/main/format_description.txt
/// (section 1: the block starts with the uncompressed length as a little-endian uvarint).
/// Remote write uses the block format, not the framing format
/// (https://prometheus.io/docs/specs/prw/remote_write_spec/#protocol).
/// </summary>
internal static class SnappyBlock
{
    // framing_format.txt section 4.1: the stream identifier chunk 0xff 0x06 0x00 0x00 "sNaPpY".
    private static ReadOnlySpan<byte> StreamIdentifier => [0xff, 0x06, 0x00, 0x00, (byte)'s', (byte)'N', (byte)'a', (byte)'P', (byte)'p', (byte)'Y'];

    /// <summary>
    /// Decompresses <paramref name="source"/> into a buffer rented from the shared pool (caller returns it).
    /// Returns <see cref="IngestErrorKind.None"/> on success.
    /// </summary>
    public static IngestErrorKind TryDecompress(ReadOnlySpan<byte> source, int maxBytes, out byte[]? rented, out int length, out string? error)
    {
        rented = null;
        length = 0;
        error = null;
        if (source.StartsWith(StreamIdentifier))
        {
            error = "snappy: body uses the framed (stream) format; remote write requires the snappy block format";
            return IngestErrorKind.CorruptSnappy;
        }

        if (!TryReadLength(source, out var declared))
        {
            error = "snappy: corrupt input: missing or invalid uncompressed-length preamble";
            return IngestErrorKind.CorruptSnappy;
        }

        if (declared > (ulong)maxBytes)
        {
            error = $"snappy: decompressed size {declared} bytes exceeds the limit of {maxBytes} bytes";
            return IngestErrorKind.PayloadTooLarge;
        }

        // Every snappy element is at least 2 bytes and emits at most 64 (format_description.txt
        // section 2.2: copies are 4..64 bytes), so real output is under 32x the input; a preamble
        // that promises more than 64x is lying, and is rejected before renting a buffer (zip-bomb guard).
        if (declared > (ulong)source.Length * 64)
        {
            error = $"snappy: corrupt input: declared size {declared} bytes is impossible for {source.Length} compressed bytes";
            return IngestErrorKind.CorruptSnappy;
        }

        length = (int)declared;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            if (!Snappy.TryDecompress(source, buffer, out var written) || written != length)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                length = 0;
                error = "snappy: corrupt input: decompressed size does not match the preamble";
                return IngestErrorKind.CorruptSnappy;
            }
        }
        catch (InvalidDataException ex)
        {
            // Snappier reports malformed element streams by throwing; this is the only exception
            // on the decode path and it is mapped to a 400 here.
            ArrayPool<byte>.Shared.Return(buffer);
            length = 0;
            error = $"snappy: corrupt input: {ex.Message}";
            return IngestErrorKind.CorruptSnappy;
        }
        catch (ArgumentException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            length = 0;
            error = $"snappy: corrupt input: {ex.Message}";
            return IngestErrorKind.CorruptSnappy;
        }

        rented = buffer;
        return IngestErrorKind.None;
    }

    /// <summary>Reads the uvarint preamble (at most 5 bytes for a 32-bit length).</summary>
    internal static bool TryReadLength(ReadOnlySpan<byte> source, out ulong length)
    {
        length = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= source.Length)
            {
                return false;
            }

            var b = source[i];
            length |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return length <= uint.MaxValue;
            }
        }

        return false;
    }
}
