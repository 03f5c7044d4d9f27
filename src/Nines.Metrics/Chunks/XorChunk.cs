using System.Buffers.Binary;
using System.Numerics;

namespace Nines.Metrics.Chunks;

/// <summary>
/// A Gorilla-style chunk in Prometheus' XOR encoding, bit-for-bit as
/// https://github.com/prometheus/prometheus/blob/main/tsdb/chunkenc/xor.go writes it, so chunks can
/// later be persisted into and read from Prometheus-compatible blocks:
/// <list type="bullet">
/// <item>2 bytes big-endian sample count;</item>
/// <item>sample 0: timestamp as zig-zag varint, value as raw 64 bits;</item>
/// <item>sample 1: timestamp delta as uvarint, value XOR-encoded;</item>
/// <item>sample n: delta-of-delta in buckets 0 / 10+14 / 110+17 / 1110+20 / 1111+64 bits, value XOR-encoded
/// reusing the previous leading/trailing zero window when the new delta fits in it.</item>
/// </list>
/// Single writer. Readers may iterate concurrently from a snapshot of (<see cref="Buffer"/>,
/// <see cref="Count"/>) taken under the owner's lock: appends only set bits after the last
/// complete sample (and the header, which iterators do not read), and a grown buffer is a new
/// array, so a snapshot's bits never change.
/// </summary>
internal sealed class XorChunk
{
    public const int DefaultMaxSamples = 120;

    // Worst case per sample: 4+64 timestamp bits + 2+5+6+64 value bits = 145 bits < 19 bytes;
    // the first sample is 10+8 bytes. Keeping 32 spare bytes lets WriteBits do an unchecked
    // 8-byte read-modify-write at any bit position.
    private const int Slack = 32;

    private readonly int _maxSamples;
    private byte[] _buffer;
    private long _bitPosition;
    private int _count;
    private long _t;
    private ulong _vBits;
    private ulong _tDelta;
    private byte _leading = 0xFF;
    private byte _trailing;

    public XorChunk(int maxSamples = DefaultMaxSamples, int initialCapacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSamples, ushort.MaxValue);
        _maxSamples = maxSamples;
        _buffer = new byte[Math.Max(initialCapacity, 2 + Slack)];
        _bitPosition = 16;
    }

    public int Count => _count;

    public int MaxSamples => _maxSamples;

    public bool IsFull => _count >= _maxSamples;

    /// <summary>Timestamp of the first sample (undefined when empty).</summary>
    public long MinTime { get; private set; }

    /// <summary>Timestamp of the last sample (undefined when empty).</summary>
    public long MaxTime => _t;

    /// <summary>Encoded length in bytes, header included.</summary>
    public int Length => (int)((_bitPosition + 7) >> 3);

    /// <summary>The backing array; only the first <see cref="Length"/> bytes are the chunk.</summary>
    internal byte[] Buffer => _buffer;

    /// <summary>The chunk bytes in Prometheus' format, for persistence.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    public AppendResult Append(long t, double v)
    {
        if (_count != 0)
        {
            if (t == _t)
            {
                return AppendResult.Duplicate;
            }

            if (t < _t)
            {
                return AppendResult.OutOfOrder;
            }
        }

        if (_count >= _maxSamples)
        {
            return AppendResult.ChunkFull;
        }

        EnsureCapacity();
        var vBits = BitConverter.DoubleToUInt64Bits(v);
        ulong tDelta = 0;
        if (_count == 0)
        {
            WriteVarint(t);
            WriteBits(vBits, 64);
            MinTime = t;
        }
        else if (_count == 1)
        {
            // unchecked: Go computes uint64(t - a.t) with wrap-around; so must we to stay bit-exact.
            tDelta = unchecked((ulong)(t - _t));
            WriteUvarint(tDelta);
            WriteValue(vBits);
        }
        else
        {
            tDelta = unchecked((ulong)(t - _t));
            var dod = unchecked((long)(tDelta - _tDelta));
            if (dod == 0)
            {
                WriteBits(0, 1);
            }
            else if (BitRange(dod, 14))
            {
                WriteBits(0b10, 2);
                WriteBits(unchecked((ulong)dod), 14);
            }
            else if (BitRange(dod, 17))
            {
                WriteBits(0b110, 3);
                WriteBits(unchecked((ulong)dod), 17);
            }
            else if (BitRange(dod, 20))
            {
                WriteBits(0b1110, 4);
                WriteBits(unchecked((ulong)dod), 20);
            }
            else
            {
                WriteBits(0b1111, 4);
                WriteBits(unchecked((ulong)dod), 64);
            }

            WriteValue(vBits);
        }

        _t = t;
        _vBits = vBits;
        _tDelta = tDelta;
        _count++;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)_count);
        return AppendResult.Ok;
    }

    public XorIterator GetIterator() => new(_buffer, _count);

    /// <summary>Copies the chunk bytes into an exactly sized array (for a sealed chunk kept in memory or written out).</summary>
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>Shrinks the backing array to the encoded length plus reader slack once the chunk is sealed.</summary>
    public void Compact()
    {
        var wanted = Length + 8;
        if (_buffer.Length > wanted + Slack)
        {
            var trimmed = new byte[wanted];
            _buffer.AsSpan(0, Length).CopyTo(trimmed);
            _buffer = trimmed;
        }
    }

    // Prometheus' bitRange: -(2^(n-1) - 1) <= x <= 2^(n-1); asymmetric on purpose, the reader
    // maps values above 2^(n-1) to negatives (see tsdb/docs/bstream.md).
    private static bool BitRange(long x, int nbits) => -((1L << (nbits - 1)) - 1) <= x && x <= 1L << (nbits - 1);

    private void WriteValue(ulong vBits)
    {
        var delta = vBits ^ _vBits;
        if (delta == 0)
        {
            WriteBits(0, 1);
            return;
        }

        var leading = (byte)BitOperations.LeadingZeroCount(delta);
        var trailing = (byte)BitOperations.TrailingZeroCount(delta);

        // Leading zeros are written in 5 bits, so clamp as xor.go does.
        if (leading >= 32)
        {
            leading = 31;
        }

        if (_leading != 0xFF && leading >= _leading && trailing >= _trailing)
        {
            // '10': the delta fits in the previous window.
            WriteBits(0b10, 2);
            WriteBits(delta >> _trailing, 64 - _leading - _trailing);
            return;
        }

        _leading = leading;
        _trailing = trailing;

        // '11' + 5 bits leading + 6 bits significant count (64 wraps to 0, the reader maps it back).
        var sigBits = 64 - leading - trailing;
        WriteBits((0b11UL << 11) | ((ulong)leading << 6) | (uint)(sigBits & 0x3F), 13);
        WriteBits(delta >> trailing, sigBits);
    }

    private void WriteVarint(long value) => WriteUvarint(unchecked((ulong)((value << 1) ^ (value >> 63))));

    private void WriteUvarint(ulong value)
    {
        // Only called for samples 0 and 1, when the stream is byte-aligned.
        var pos = (int)(_bitPosition >> 3);
        while (value >= 0x80)
        {
            _buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[pos++] = (byte)value;
        _bitPosition = (long)pos << 3;
    }

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/>, most significant first.</summary>
    private void WriteBits(ulong value, int count)
    {
        var byteIndex = (int)(_bitPosition >> 3);
        var offset = (int)(_bitPosition & 7);
        if (count + offset > 64)
        {
            // Split so each half fits in one 8-byte window.
            WriteBits(value >> 32, count - 32);
            WriteBits(value & 0xFFFF_FFFF, 32);
            return;
        }

        // Bytes past the write position are always zero, so OR-ing a window is enough.
        var aligned = value << (64 - count);
        var span = _buffer.AsSpan(byteIndex, 8);
        var word = BinaryPrimitives.ReadUInt64BigEndian(span);
        BinaryPrimitives.WriteUInt64BigEndian(span, word | (aligned >> offset));
        _bitPosition += count;
    }

    private void EnsureCapacity()
    {
        var needed = Length + Slack;
        if (needed <= _buffer.Length)
        {
            return;
        }

        // A new array rather than an in-place resize keeps concurrent readers' snapshots intact.
        var grown = new byte[Math.Max(needed, _buffer.Length * 2)];
        _buffer.AsSpan(0, Length).CopyTo(grown);
        _buffer = grown;
    }
}
