using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Nines.Events.Wal;

/// <summary>
/// Events WAL framing: <c>[uint32 payload length][uint32 CRC-32 of LSN and payload][int64 LSN][payload]</c>,
/// little-endian; payload <c>[uint16 tenant length][tenant UTF-8][uint32 spans][uint32 logs][rows]</c>
/// (rows in <see cref="RowFormat"/>). Segments are <c>wal/00000001.seg</c>, … The LSN is what
/// makes replay idempotent: DuckDB stores the highest inserted LSN in the same transaction as the rows.
/// </summary>
internal static class WalFormat
{
    public const int HeaderSize = 16;
    public const int MaxPayload = 512 * 1024 * 1024;
    private const string Extension = ".seg";

    public static string SegmentName(int index) => index.ToString("D8", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseSegment(string fileName, out int index)
    {
        index = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>Frames a batch into a pooled buffer (LSN and CRC are filled in by the writer).</summary>
    public static WalRecord Frame(string tenant, EventBatch batch)
    {
        var tenantBytes = Encoding.UTF8.GetByteCount(tenant);
        var payload = 2 + tenantBytes + 8 + batch.EncodedBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderSize + payload);
        var s = buffer.AsSpan(0, HeaderSize + payload);
        BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)payload);
        var p = s[HeaderSize..];
        BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)tenantBytes);
        Encoding.UTF8.GetBytes(tenant, p[2..]);
        BinaryPrimitives.WriteUInt32LittleEndian(p[(2 + tenantBytes)..], (uint)batch.SpanCount);
        BinaryPrimitives.WriteUInt32LittleEndian(p[(6 + tenantBytes)..], (uint)batch.LogCount);
        batch.Rows.CopyTo(p[(10 + tenantBytes)..]);
        return WalRecord.Data(buffer, HeaderSize + payload);
    }

    /// <summary>Sets the LSN and the checksum; the writer calls this just before writing.</summary>
    public static void Seal(WalRecord record, long lsn)
    {
        record.Lsn = lsn;
        var s = record.Buffer.AsSpan(0, record.Length);
        BinaryPrimitives.WriteInt64LittleEndian(s[8..], lsn);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], Crc32.HashToUInt32(s[8..]));
    }

    public static bool Verify(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]) == Crc32.HashToUInt32(frame[8..]);

    public static long Lsn(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt64LittleEndian(frame[8..]);

    /// <summary>Reads the payload header of a frame.</summary>
    public static (string Tenant, int Spans, int Logs, ReadOnlyMemory<byte> Rows) Payload(ReadOnlyMemory<byte> frame)
    {
        var p = frame.Span[HeaderSize..];
        int tenantBytes = BinaryPrimitives.ReadUInt16LittleEndian(p);
        var tenant = Encoding.UTF8.GetString(p.Slice(2, tenantBytes));
        var spans = (int)BinaryPrimitives.ReadUInt32LittleEndian(p[(2 + tenantBytes)..]);
        var logs = (int)BinaryPrimitives.ReadUInt32LittleEndian(p[(6 + tenantBytes)..]);
        return (tenant, spans, logs, frame[(HeaderSize + 10 + tenantBytes)..]);
    }
}
