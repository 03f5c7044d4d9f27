using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Nines.Events;

namespace Nines.Ingest.Pipeline.Journal;

/// <summary>
/// Records of the tail-sampling journal: <c>u32 length | u32 CRC-32 of the payload | payload</c>,
/// little-endian. Payload: a kind byte, the tenant, then for <see cref="Held"/> the spans, for
/// <see cref="Resolved"/> one trace id. Strings are a 7-bit-encoded byte length (+1, 0 for null) and UTF-8.
/// </summary>
internal static class JournalFormat
{
    /// <summary>Spans acknowledged and held for a decision.</summary>
    public const byte Held = 1;

    /// <summary>Every span of the trace journaled before this record is stored or was dropped (and counted).</summary>
    public const byte Resolved = 2;

    public const int HeaderBytes = 8;

    /// <summary>Largest payload accepted when reading: anything bigger is corruption, not a record.</summary>
    public const int MaxPayloadBytes = 256 << 20;

    public static byte[] FrameHeld(string tenant, IReadOnlyList<SpanRecord> spans)
    {
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Held);
            Write(w, tenant);
            w.Write7BitEncodedInt(spans.Count);
            foreach (var s in spans)
            {
                Write(w, s.TraceId);
                Write(w, s.SpanId);
                Write(w, s.ParentSpanId);
                Write(w, s.Service);
                Write(w, s.Name);
                w.Write(s.Kind);
                w.Write(s.StartUnixNano);
                w.Write(s.EndUnixNano);
                w.Write(s.StatusCode);
                Write(w, s.StatusMessage);
                Write(w, s.Scope);
                Write(w, s.TraceState);
                Write(w, s.Attributes);
                Write(w, s.Resource);
                Write(w, s.Events);
                Write(w, s.Links);
            }
        }

        return Frame(payload);
    }

    public static byte[] FrameResolved(string tenant, string traceId)
    {
        using var payload = new MemoryStream(64);
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Resolved);
            Write(w, tenant);
            Write(w, traceId);
        }

        return Frame(payload);
    }

    /// <summary>
    /// Reads the record at <paramref name="offset"/> of <paramref name="data"/>; false at the end, at a
    /// torn record (a crash mid-write) or at a checksum mismatch — nothing after it is trusted.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int offset, out byte kind, out string tenant, out List<SpanRecord>? spans, out string? traceId)
    {
        kind = 0;
        tenant = "";
        spans = null;
        traceId = null;
        if (data.Length - offset < HeaderBytes)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
        if (length == 0 || length > MaxPayloadBytes || length > (uint)(data.Length - offset - HeaderBytes))
        {
            return false;
        }

        var payload = data.Slice(offset + HeaderBytes, (int)length);
        if (Crc32.HashToUInt32(payload) != crc)
        {
            return false;
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(payload.ToArray()), Encoding.UTF8);
            kind = r.ReadByte();
            tenant = Read(r) ?? "";
            if (kind == Held)
            {
                var count = r.Read7BitEncodedInt();
                spans = new List<SpanRecord>(Math.Min(count, 4096));
                for (var i = 0; i < count; i++)
                {
                    spans.Add(new SpanRecord(Read(r)!, Read(r)!, Read(r), Read(r)!, Read(r)!, r.ReadInt32(), r.ReadInt64(), r.ReadInt64(), r.ReadInt32(),
                        Read(r), Read(r), Read(r), Read(r), Read(r), Read(r), Read(r)));
                }
            }
            else if (kind == Resolved)
            {
                traceId = Read(r);
            }
            else
            {
                return false;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            return false;
        }

        offset += HeaderBytes + (int)length;
        return true;
    }

    private static byte[] Frame(MemoryStream payload)
    {
        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var frame = new byte[HeaderBytes + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(body));
        body.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    private static void Write(BinaryWriter w, string? s)
    {
        if (s is null)
        {
            w.Write7BitEncodedInt(0);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write7BitEncodedInt(bytes.Length + 1);
        w.Write(bytes);
    }

    private static string? Read(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        if (n == 0)
        {
            return null;
        }

        var bytes = r.ReadBytes(n - 1);
        return bytes.Length == n - 1 ? Encoding.UTF8.GetString(bytes) : throw new EndOfStreamException();
    }
}
