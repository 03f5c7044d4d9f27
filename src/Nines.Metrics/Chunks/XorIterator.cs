using System.Buffers.Binary;

namespace Nines.Metrics.Chunks;

/// <summary>
/// Decodes a Prometheus XOR chunk (see <see cref="XorChunk"/> for the format). A struct over the
/// chunk's array and a sample count fixed at creation, so it allocates nothing and ignores samples
/// appended after it was made. Mirrors xorIterator in Prometheus' tsdb/chunkenc/xor.go.
/// </summary>
internal struct XorIterator
{
    private readonly int _total;
    private BitReader _r;
    private int _read;
    private long _t;
    private ulong _vBits;
    private ulong _tDelta;
    private byte _leading;
    private byte _trailing;
    private bool _corrupt;

    /// <summary>Iterates the first <paramref name="count"/> samples of chunk bytes in <paramref name="data"/>.</summary>
    public XorIterator(byte[] data, int count)
        : this(data, data.Length, count)
    {
    }

    public XorIterator(byte[] data, int length, int count)
        : this(data, 0, length, count)
    {
    }

    /// <summary>Iterates the first <paramref name="count"/> samples of the chunk at <paramref name="offset"/> (its 2-byte header) in <paramref name="data"/>, at most <paramref name="length"/> bytes.</summary>
    public XorIterator(byte[] data, int offset, int length, int count)
    {
        _total = count;
        _r = new BitReader(data, offset + 2, offset + length);
        _t = long.MinValue;
    }

    /// <summary>Iterates all samples of persisted chunk bytes, taking the count from the 2-byte header.</summary>
    public static XorIterator FromBytes(byte[] chunkBytes)
    {
        var count = chunkBytes.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(chunkBytes) : 0;
        return new XorIterator(chunkBytes, chunkBytes.Length, count);
    }

    public readonly long T => _t;

    public readonly double V => BitConverter.UInt64BitsToDouble(_vBits);

    public readonly ulong VBits => _vBits;

    /// <summary>True when decoding stopped because the bytes ended early or were malformed.</summary>
    public readonly bool IsCorrupt => _corrupt;

    public bool MoveNext()
    {
        if (_corrupt || _read >= _total)
        {
            return false;
        }

        if (_read == 0)
        {
            if (!_r.TryReadUvarint(out var zigzag) || !_r.TryReadBits(64, out _vBits))
            {
                return Fail();
            }

            _t = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            _read++;
            return true;
        }

        if (_read == 1)
        {
            // Still byte-aligned: sample 0 is whole bytes.
            if (!_r.TryReadUvarint(out var delta))
            {
                return Fail();
            }

            _tDelta = delta;
            _t = unchecked(_t + (long)_tDelta);
            return ReadValue();
        }

        // Delta-of-delta prefix: up to four bits, stop at the first zero.
        var prefix = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!_r.TryReadBits(1, out var bit))
            {
                return Fail();
            }

            prefix = (prefix << 1) | (int)bit;
            if (bit == 0)
            {
                break;
            }
        }

        long dod = 0;
        int size = prefix switch
        {
            0b0 => 0,
            0b10 => 14,
            0b110 => 17,
            0b1110 => 20,
            _ => 64,
        };

        if (size == 64)
        {
            if (!_r.TryReadBits(64, out var raw))
            {
                return Fail();
            }

            dod = unchecked((long)raw);
        }
        else if (size != 0)
        {
            if (!_r.TryReadBits(size, out var raw))
            {
                return Fail();
            }

            // Values above 2^(size-1) are negatives (Prometheus' asymmetric bitRange).
            if (raw > 1UL << (size - 1))
            {
                raw -= 1UL << size;
            }

            dod = unchecked((long)raw);
        }

        _tDelta = unchecked((ulong)((long)_tDelta + dod));
        _t = unchecked(_t + (long)_tDelta);
        return ReadValue();
    }

    /// <summary>Advances to the first sample with timestamp ≥ <paramref name="t"/>; as Prometheus' Seek, never moves backwards.</summary>
    public bool Seek(long t)
    {
        if (_corrupt)
        {
            return false;
        }

        while (_read == 0 || t > _t)
        {
            if (!MoveNext())
            {
                return false;
            }
        }

        return true;
    }

    private bool ReadValue()
    {
        if (!_r.TryReadXor(ref _vBits, ref _leading, ref _trailing))
        {
            return Fail();
        }

        _read++;
        return true;
    }

    private bool Fail()
    {
        _corrupt = true;
        return false;
    }
}
