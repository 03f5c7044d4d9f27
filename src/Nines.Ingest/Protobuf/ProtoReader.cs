using System.Buffers.Binary;

namespace Nines.Ingest.Protobuf;

/// <summary>
/// Forward-only protobuf wire-format reader over a span. Every method returns <c>false</c> on
/// malformed or truncated input instead of throwing, so hostile bodies stay on the normal path.
/// Encoding rules: https://protobuf.dev/programming-guides/encoding/.
/// </summary>
internal ref struct ProtoReader
{
    // Field numbers are 29-bit (https://protobuf.dev/programming-guides/proto3/#assigning).
    private const uint MaxFieldNumber = (1u << 29) - 1;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool End => _position >= _buffer.Length;

    public readonly int Position => _position;

    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = default;
        if (!TryReadVarint(out var tag) || tag > uint.MaxValue)
        {
            return false;
        }

        var number = (uint)tag >> 3;
        var type = (int)(tag & 7);
        if (number == 0 || number > MaxFieldNumber || type > (int)WireType.Fixed32)
        {
            return false;
        }

        field = (int)number;
        wireType = (WireType)type;
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        var shift = 0;
        var buffer = _buffer;
        var pos = _position;
        // A varint is at most 10 bytes; the 10th may only carry the top bit of a 64-bit value.
        for (var i = 0; i < 10; i++)
        {
            if ((uint)pos >= (uint)buffer.Length)
            {
                return false;
            }

            var b = buffer[pos++];
            if (i == 9 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = pos;
                return true;
            }

            shift += 7;
        }

        return false;
    }

    public bool TryReadFixed64(out ulong value)
    {
        if (_buffer.Length - _position < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return true;
    }

    public bool TryReadFixed32(out uint value)
    {
        if (_buffer.Length - _position < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>Reads a length-delimited field; <paramref name="offset"/> is where its bytes start in the buffer.</summary>
    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value, out int offset)
    {
        value = default;
        offset = 0;
        if (!TryReadVarint(out var length) || length > (ulong)(_buffer.Length - _position))
        {
            return false;
        }

        offset = _position;
        value = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value) => TryReadLengthDelimited(out value, out _);

    /// <summary>Skips a field's payload. Groups (deprecated, never used by these protocols) are rejected.</summary>
    public bool TrySkip(WireType wireType) => wireType switch
    {
        WireType.Varint => TryReadVarint(out _),
        WireType.Fixed64 => TryReadFixed64(out _),
        WireType.LengthDelimited => TryReadLengthDelimited(out _, out _),
        WireType.Fixed32 => TryReadFixed32(out _),
        _ => false,
    };
}
