using System.Buffers.Binary;
using System.Text;

namespace Nines.Metrics.Blocks;

/// <summary>
/// A growable byte buffer with the primitives of Prometheus' <c>tsdb/encoding</c> Encbuf: big-endian
/// fixed-width integers, Go varints (zig-zag signed) and uvarint-prefixed strings.
/// </summary>
internal sealed class FormatBuffer
{
    private byte[] _array;
    private int _length;

    public FormatBuffer(int capacity = 4096)
    {
        _array = new byte[Math.Max(capacity, 16)];
    }

    public int Length => _length;

    public Span<byte> WrittenSpan => _array.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void PutByte(byte value)
    {
        Ensure(1);
        _array[_length++] = value;
    }

    public void PutBE32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_array.AsSpan(_length), value);
        _length += 4;
    }

    public void PutBE64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_array.AsSpan(_length), value);
        _length += 8;
    }

    public void PutUvarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _array[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _array[_length++] = (byte)value;
    }

    public void PutVarint(long value) => PutUvarint((ulong)((value << 1) ^ (value >> 63)));

    public void PutString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        PutUvarint((ulong)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _array.AsSpan(_length));
    }

    public void PutBytes(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_array.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>Zero bytes until <paramref name="baseOffset"/> + Length is a multiple of <paramref name="alignment"/>.</summary>
    public void Pad(long baseOffset, int alignment)
    {
        var rem = (int)((baseOffset + _length) % alignment);
        if (rem != 0)
        {
            var n = alignment - rem;
            Ensure(n);
            _array.AsSpan(_length, n).Clear();
            _length += n;
        }
    }

    /// <summary>Overwrites 4 bytes big-endian at <paramref name="offset"/> (a length written after its content).</summary>
    public void SetBE32(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_array.AsSpan(offset), value);

    private void Ensure(int extra)
    {
        if (_length + extra > _array.Length)
        {
            Array.Resize(ref _array, Math.Max(_array.Length * 2, _length + extra));
        }
    }
}
