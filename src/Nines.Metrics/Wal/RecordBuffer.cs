using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Nines.Metrics.Wal;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/> that encodes framed WAL
/// records (see <see cref="WalFormat"/>). Appenders encode on their own thread so the single WAL
/// writer only copies bytes to the file. Owner: the appender until enqueued, then the writer,
/// which returns the array to the pool once written.
/// </summary>
internal sealed class RecordBuffer
{
    private byte[] _array;
    private int _length;
    private int _recordStart = -1;

    public RecordBuffer(int initialCapacity = 4096)
    {
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public void BeginRecord()
    {
        _recordStart = _length;
        Ensure(WalFormat.HeaderSize);
        _length += WalFormat.HeaderSize;
    }

    /// <exception cref="ArgumentException">The payload is larger than <paramref name="maxPayload"/>.</exception>
    public void EndRecord(WalRecordType type, int maxPayload)
    {
        var payloadLength = _length - _recordStart - WalFormat.HeaderSize;
        if (payloadLength > maxPayload)
        {
            throw new ArgumentException($"A WAL record of {payloadLength} bytes exceeds MetricsStorageOptions.MaxRecordBytes ({maxPayload}); split the batch.");
        }

        var header = _array.AsSpan(_recordStart, WalFormat.HeaderSize);
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(header[1..], (uint)payloadLength);
        var crc = Crc32C.Append(Crc32C.Start, header[..5]);
        crc = Crc32C.Append(crc, _array.AsSpan(_recordStart + WalFormat.HeaderSize, payloadLength));
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], Crc32C.Finish(crc));
        _recordStart = -1;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _array[_length++] = value;
    }

    public void WriteUVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _array[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _array[_length++] = (byte)value;
    }

    // Zig-zag, as Go's binary.PutVarint that Prometheus' encoding uses.
    public void WriteVarint(long value) => WriteUVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_array.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUVarint((ulong)byteCount);
        Ensure(byteCount);
        _length += Encoding.UTF8.GetBytes(value, _array.AsSpan(_length));
    }

    public void Return()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _array.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + extra));
        _array.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_array);
        _array = grown;
    }
}
