using System.Buffers.Binary;

namespace Nines.Metrics.Chunks;

/// <summary>
/// Reads what <see cref="BitBuffer"/> writes, through a 64-bit window refilled 8 bytes at a time.
/// Every read reports failure instead of throwing when the bytes end or a prefix is malformed, so a
/// torn chunk ends iteration.
/// </summary>
internal struct BitReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _bytePosition;
    private ulong _window;
    private int _windowBits;

    /// <summary>Reads bits from <paramref name="start"/> up to (not including) byte <paramref name="end"/> of <paramref name="data"/>.</summary>
    public BitReader(byte[] data, int start, int end)
    {
        _data = data;
        _bytePosition = start;
        _end = Math.Min(end, data.Length);
    }

    /// <summary>Reads <paramref name="count"/> (1..64) bits, most significant first.</summary>
    public bool TryReadBits(int count, out ulong value)
    {
        if (count <= _windowBits)
        {
            value = _window >> (64 - count);
            _window = count == 64 ? 0 : _window << count;
            _windowBits -= count;
            return true;
        }

        var high = _windowBits == 0 ? 0 : _window >> (64 - _windowBits);
        var need = count - _windowBits;
        if (!Refill() || need > _windowBits)
        {
            value = 0;
            return false;
        }

        var low = _window >> (64 - need);
        _window = need == 64 ? 0 : _window << need;
        _windowBits -= need;
        value = need == 64 ? low : (high << need) | low;
        return true;
    }

    /// <summary>Reads a Go <c>binary.Uvarint</c> (7 bits a byte, little-endian groups) from the next bytes.</summary>
    public bool TryReadUvarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (!TryReadBits(8, out var b))
            {
                return false;
            }

            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                // The tenth byte may only carry the 64th bit.
                return shift < 63 || b <= 1;
            }
        }

        return false;
    }

    /// <summary>Reads a value written by <see cref="BitBuffer.WriteVarbitInt"/>.</summary>
    public bool TryReadVarbitInt(out long value)
    {
        value = 0;
        if (!TryReadPrefix(out var size))
        {
            return false;
        }

        if (size == 0)
        {
            return true;
        }

        if (!TryReadBits(size, out var bits))
        {
            return false;
        }

        if (size < 64 && bits > 1UL << (size - 1))
        {
            bits -= 1UL << size;
        }

        value = unchecked((long)bits);
        return true;
    }

    /// <summary>Reads a value written by <see cref="BitBuffer.WriteVarbitUint"/>.</summary>
    public bool TryReadVarbitUint(out ulong value)
    {
        value = 0;
        return TryReadPrefix(out var size) && (size == 0 || TryReadBits(size, out value));
    }

    /// <summary>Reads a value written by <see cref="BitBuffer.WriteXor"/>, XOR-ing it into <paramref name="bits"/>.</summary>
    public bool TryReadXor(ref ulong bits, ref byte leading, ref byte trailing)
    {
        if (!TryReadBits(1, out var control))
        {
            return false;
        }

        if (control == 0)
        {
            return true;
        }

        if (!TryReadBits(1, out var newWindow))
        {
            return false;
        }

        if (newWindow != 0)
        {
            if (!TryReadBits(11, out var header))
            {
                return false;
            }

            var sig = (int)(header & 0x3F);
            if (sig == 0)
            {
                sig = 64;
            }

            var lead = (int)(header >> 6);
            if (lead + sig > 64)
            {
                return false;
            }

            leading = (byte)lead;
            trailing = (byte)(64 - lead - sig);
        }

        var meaningful = 64 - leading - trailing;
        if (meaningful <= 0 || !TryReadBits(meaningful, out var delta))
        {
            return false;
        }

        bits ^= delta << trailing;
        return true;
    }

    // Up to eight bits, stopping after the first zero: 0, 10, 110, ... 11111110, 11111111.
    private bool TryReadPrefix(out int size)
    {
        var ones = 0;
        while (ones < 8)
        {
            if (!TryReadBits(1, out var bit))
            {
                size = 0;
                return false;
            }

            if (bit == 0)
            {
                break;
            }

            ones++;
        }

        size = ones switch
        {
            0 => 0,
            1 => 3,
            2 => 6,
            3 => 9,
            4 => 12,
            5 => 18,
            6 => 25,
            7 => 56,
            _ => 64,
        };
        return true;
    }

    private bool Refill()
    {
        var remaining = _end - _bytePosition;
        if (remaining >= 8)
        {
            _window = BinaryPrimitives.ReadUInt64BigEndian(_data.AsSpan(_bytePosition, 8));
            _windowBits = 64;
            _bytePosition += 8;
            return true;
        }

        if (remaining <= 0)
        {
            return false;
        }

        ulong w = 0;
        for (var i = 0; i < remaining; i++)
        {
            w |= (ulong)_data[_bytePosition + i] << (56 - (8 * i));
        }

        _window = w;
        _windowBits = remaining * 8;
        _bytePosition += remaining;
        return true;
    }
}
