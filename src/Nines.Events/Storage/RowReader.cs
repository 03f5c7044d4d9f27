using System.Buffers.Binary;

namespace Nines.Events.Storage;

/// <summary>Reads rows in <see cref="RowFormat"/>; throws <see cref="InvalidDataException"/> on a short buffer.</summary>
internal ref struct RowReader(ReadOnlySpan<byte> rows)
{
    private readonly ReadOnlySpan<byte> _rows = rows;
    private int _position;

    public readonly bool End => _position >= _rows.Length;

    public byte Byte() => Take(1)[0];

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> Bytes(int count) => Take(count);

    /// <summary>A length-prefixed UTF-8 field without decoding it; <paramref name="isNull"/> for a missing string.</summary>
    public ReadOnlySpan<byte> Utf8(out bool isNull)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        isNull = length == RowFormat.NullLength;
        return isNull ? default : length > int.MaxValue ? throw new InvalidDataException("Row string too long.") : Take((int)length);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _rows.Length)
        {
            throw new InvalidDataException("Events row truncated.");
        }

        var s = _rows.Slice(_position, count);
        _position += count;
        return s;
    }
}
