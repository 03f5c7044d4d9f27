using System.Buffers;
using System.Buffers.Binary;

namespace Nines.Metrics.Wal;

/// <summary>
/// Streams the records of one segment with a bounded buffer: <c>bufferSize</c> bytes, grown only
/// for a record larger than that and never past the maximum record size, so replay memory does not
/// depend on the segment size (Prometheus' replay OOM, prometheus/prometheus#6934, came from
/// holding decoded data, not the reader, but the bound starts here). Not thread-safe.
/// </summary>
internal sealed class WalReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferStartOffset;
    private bool _eof;

    public WalReader(Stream stream, int bufferSize, int maxRecordBytes)
    {
        _stream = stream;
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, WalFormat.HeaderSize));
        MaxBufferedBytes = _buffer.Length;
    }

    /// <summary>Offset in the segment of the record last returned or rejected.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>Offset just past the last valid record.</summary>
    public long ValidOffset => _bufferStartOffset + _pos;

    /// <summary>Largest buffer this reader ever held, in bytes.</summary>
    public int MaxBufferedBytes { get; private set; }

    public WalReadStatus Read(out WalRecordType type, out ReadOnlySpan<byte> payload)
    {
        type = WalRecordType.Invalid;
        payload = default;
        RecordOffset = ValidOffset;
        if (!Fill(WalFormat.HeaderSize))
        {
            return _end == _pos ? WalReadStatus.End : WalReadStatus.Torn;
        }

        var header = _buffer.AsSpan(_pos, WalFormat.HeaderSize);
        var rawType = header[0];
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header[1..]);
        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
        if (rawType is not ((byte)WalRecordType.Series or (byte)WalRecordType.Samples or (byte)WalRecordType.Exemplars or (byte)WalRecordType.HistogramSamples) || length > (uint)_maxRecordBytes)
        {
            return WalReadStatus.Corrupt;
        }

        var total = WalFormat.HeaderSize + (int)length;
        if (!Fill(total))
        {
            return WalReadStatus.Torn;
        }

        var record = _buffer.AsSpan(_pos, total);
        var crc = Crc32C.Append(Crc32C.Start, record[..5]);
        crc = Crc32C.Finish(Crc32C.Append(crc, record[WalFormat.HeaderSize..]));
        if (crc != expectedCrc)
        {
            return WalReadStatus.Corrupt;
        }

        type = (WalRecordType)rawType;
        payload = record[WalFormat.HeaderSize..];
        _pos += total;
        return WalReadStatus.Record;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Ensures `count` bytes are buffered from _pos; false at end of stream.
    private bool Fill(int count)
    {
        if (_end - _pos >= count)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(count);
            _buffer.AsSpan(_pos, _end - _pos).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
            _bufferStartOffset += _pos;
            _end -= _pos;
            _pos = 0;
            MaxBufferedBytes = Math.Max(MaxBufferedBytes, grown.Length);
        }
        else if (_pos + count > _buffer.Length)
        {
            _buffer.AsSpan(_pos, _end - _pos).CopyTo(_buffer);
            _bufferStartOffset += _pos;
            _end -= _pos;
            _pos = 0;
        }

        while (_end - _pos < count && !_eof)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _end += read;
        }

        return _end - _pos >= count;
    }
}
