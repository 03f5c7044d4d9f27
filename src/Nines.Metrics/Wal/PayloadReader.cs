using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Nines.Metrics.Wal;

/// <summary>Span reader for record payloads; a malformed payload throws <see cref="InvalidDataException"/> via a throw helper.</summary>
internal ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> _span;
    private int _pos;

    public PayloadReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        _pos = 0;
    }

    public readonly bool End => _pos == _span.Length;

    public readonly int Position => _pos;

    public ulong ReadUVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _span.Length)
            {
                ThrowMalformed();
            }

            var b = _span[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        ThrowMalformed();
        return 0;
    }

    public long ReadVarint()
    {
        var u = ReadUVarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public double ReadDouble()
    {
        if (_span.Length - _pos < 8)
        {
            ThrowMalformed();
        }

        var value = BinaryPrimitives.ReadDoubleLittleEndian(_span[_pos..]);
        _pos += 8;
        return value;
    }

    /// <summary>Reads a count of entries that take at least one byte each: a count beyond the bytes left is malformed, not an allocation.</summary>
    public int ReadLength()
    {
        var length = ReadUVarint();
        if (length > (ulong)(_span.Length - _pos))
        {
            ThrowMalformed();
        }

        return (int)length;
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        if (length > _span.Length - _pos)
        {
            ThrowMalformed();
        }

        var result = _span.Slice(_pos, length);
        _pos += length;
        return result;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadUVarint();
        if (length > (ulong)(_span.Length - _pos))
        {
            ThrowMalformed();
        }

        var result = _span.Slice(_pos, (int)length);
        _pos += (int)length;
        return result;
    }

    [DoesNotReturn]
    private static void ThrowMalformed() => throw new InvalidDataException("Malformed WAL record payload.");
}
