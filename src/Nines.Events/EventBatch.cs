using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Nines.Events;

/// <summary>
/// Spans and log records to append in one acknowledged write, encoded at once into a pooled
/// buffer in the events WAL's row format (so the WAL and the DuckDB inserter read the same bytes
/// and nothing is kept per row). Not thread-safe; reuse it after <see cref="Clear"/>.
/// </summary>
public sealed class EventBatch : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;

    /// <summary>Spans added since the last <see cref="Clear"/>.</summary>
    public int SpanCount { get; private set; }

    /// <summary>Log records added since the last <see cref="Clear"/>.</summary>
    public int LogCount { get; private set; }

    /// <summary>Encoded size in bytes.</summary>
    public int EncodedBytes => _length;

    internal ReadOnlySpan<byte> Rows => _buffer.AsSpan(0, _length);

    /// <summary>Adds a span.</summary>
    /// <exception cref="ArgumentException">The trace id is not 16 bytes or the span id not 8 bytes.</exception>
    public void AddSpan(in SpanEntry span)
    {
        if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || (span.ParentSpanId.Length != 0 && span.ParentSpanId.Length != 8))
        {
            throw new ArgumentException("A span needs a 16-byte trace id, an 8-byte span id and an empty or 8-byte parent id.", nameof(span));
        }

        Ensure(1 + 16 + 8 + 1 + 8 + 2 + 16);
        var s = _buffer.AsSpan(_length);
        s[0] = RowFormat.SpanTag;
        span.TraceId.CopyTo(s[1..]);
        span.SpanId.CopyTo(s[17..]);
        s[25] = (byte)(span.ParentSpanId.Length == 8 ? 1 : 0);
        if (span.ParentSpanId.Length == 8)
        {
            span.ParentSpanId.CopyTo(s[26..]);
        }
        else
        {
            s.Slice(26, 8).Clear();
        }

        s[34] = (byte)span.Kind;
        s[35] = (byte)span.StatusCode;
        BinaryPrimitives.WriteInt64LittleEndian(s[36..], span.StartUnixNano);
        BinaryPrimitives.WriteInt64LittleEndian(s[44..], span.EndUnixNano);
        _length += 52;
        WriteString(span.Service);
        WriteString(span.Name);
        WriteString(span.StatusMessage);
        WriteString(span.Scope);
        WriteString(span.TraceState);
        WriteBytes(span.AttributesJson);
        WriteBytes(span.ResourceJson);
        WriteBytes(span.EventsJson);
        WriteBytes(span.LinksJson);
        SpanCount++;
    }

    /// <summary>Adds a log record.</summary>
    /// <exception cref="ArgumentException">A trace id other than 16 bytes or a span id other than 8 bytes.</exception>
    public void AddLog(in LogEntry log)
    {
        if ((log.TraceId.Length != 0 && log.TraceId.Length != 16) || (log.SpanId.Length != 0 && log.SpanId.Length != 8))
        {
            throw new ArgumentException("A log record's trace id must be empty or 16 bytes and its span id empty or 8 bytes.", nameof(log));
        }

        Ensure(1 + 8 + 8 + 1 + 1 + 16 + 8);
        var s = _buffer.AsSpan(_length);
        s[0] = RowFormat.LogTag;
        BinaryPrimitives.WriteInt64LittleEndian(s[1..], log.TimeUnixNano);
        BinaryPrimitives.WriteInt64LittleEndian(s[9..], log.ObservedUnixNano);
        s[17] = (byte)Math.Clamp(log.SeverityNumber, 0, 255);
        s[18] = (byte)((log.TraceId.Length == 16 ? 1 : 0) | (log.SpanId.Length == 8 ? 2 : 0));
        s.Slice(19, 24).Clear();
        log.TraceId.CopyTo(s[19..]);
        log.SpanId.CopyTo(s[35..]);
        _length += 43;
        WriteString(log.Service);
        WriteString(log.SeverityText);
        WriteString(log.Body);
        WriteString(log.Scope);
        WriteBytes(log.AttributesJson);
        WriteBytes(log.ResourceJson);
        LogCount++;
    }

    /// <summary>Empties the batch, keeping its buffer.</summary>
    public void Clear()
    {
        _length = 0;
        SpanCount = 0;
        LogCount = 0;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteString(string? value)
    {
        if (value is null)
        {
            Ensure(4);
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), RowFormat.NullLength);
            _length += 4;
            return;
        }

        Ensure(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)written);
        _length += 4 + written;
    }

    private void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(4 + value.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)value.Length);
        value.CopyTo(_buffer.AsSpan(_length + 4));
        _length += 4 + value.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
