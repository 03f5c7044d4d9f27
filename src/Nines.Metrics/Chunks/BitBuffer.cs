using System.Buffers.Binary;
using System.Numerics;

namespace Nines.Metrics.Chunks;

/// <summary>
/// An append-only bit stream over a growable array, most significant bit first, as Prometheus'
/// bstream (tsdb/chunkenc/bstream.go) writes it, plus the varbit and XOR value encodings built on
/// it (varbit.go, xor.go). Growing allocates a new array, so readers holding the old one keep a
/// consistent view; bytes past the write position are always zero.
/// </summary>
internal struct BitBuffer
{
    // The widest write is 64 bits at any bit offset: keeping this many spare bytes lets WriteBits
    // do an unchecked 8-byte read-modify-write.
    private const int Slack = 16;

    private byte[] _buffer;
    private long _bitPosition;

    /// <summary>A stream whose first <paramref name="headerBytes"/> bytes are reserved for a header.</summary>
    public BitBuffer(int headerBytes, int initialCapacity)
    {
        _buffer = new byte[Math.Max(initialCapacity, headerBytes + Slack)];
        _bitPosition = (long)headerBytes << 3;
    }

    /// <summary>The backing array; only the first <see cref="Length"/> bytes are written.</summary>
    public readonly byte[] Array => _buffer;

    /// <summary>Bytes written, the partial last byte included.</summary>
    public readonly int Length => (int)((_bitPosition + 7) >> 3);

    /// <summary>Makes room for <paramref name="bytes"/> more bytes without growing during the writes that follow.</summary>
    public void Reserve(int bytes)
    {
        var needed = Length + bytes + Slack;
        if (needed <= _buffer.Length)
        {
            return;
        }

        var grown = new byte[Math.Max(needed, _buffer.Length * 2)];
        _buffer.AsSpan(0, Length).CopyTo(grown);
        _buffer = grown;
    }

    /// <summary>
    /// Shrinks the backing array of a sealed stream to the written length plus 8 bytes when more than
    /// 40 are spare (head chunks are many: their spare capacity is memory); a later write grows it again.
    /// </summary>
    public void Trim()
    {
        var wanted = Length + 8;
        if (_buffer.Length > wanted + 32)
        {
            var trimmed = new byte[wanted];
            _buffer.AsSpan(0, Length).CopyTo(trimmed);
            _buffer = trimmed;
        }
    }

    /// <summary>Appends a Go <c>binary.PutUvarint</c> (7 bits a byte, low groups first), 8 bits a byte at the write position.</summary>
    public void WriteUvarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteBits((value & 0x7F) | 0x80, 8);
            value >>= 7;
        }

        WriteBits(value, 8);
    }

    /// <summary>Prometheus' bitRange: -(2^(n-1) - 1) &lt;= x &lt;= 2^(n-1); asymmetric on purpose, readers map values above 2^(n-1) to negatives (tsdb/docs/bstream.md).</summary>
    public static bool BitRange(long x, int nbits) => -((1L << (nbits - 1)) - 1) <= x && x <= 1L << (nbits - 1);

    /// <summary>Appends the low <paramref name="count"/> (1..64) bits of <paramref name="value"/>, most significant first.</summary>
    public void WriteBits(ulong value, int count)
    {
        var offset = (int)(_bitPosition & 7);
        if (count + offset > 64)
        {
            WriteBits(value >> 32, count - 32);
            WriteBits(value & 0xFFFF_FFFF, 32);
            return;
        }

        var aligned = count == 64 ? value : value << (64 - count);
        var span = _buffer.AsSpan((int)(_bitPosition >> 3), 8);
        BinaryPrimitives.WriteUInt64BigEndian(span, BinaryPrimitives.ReadUInt64BigEndian(span) | (aligned >> offset));
        _bitPosition += count;
    }

    /// <summary>
    /// Prometheus' putVarbitInt: 0 as one zero bit, else a unary-ish prefix choosing 3, 6, 9, 12, 18,
    /// 25, 56 or 64 value bits (two's complement, the asymmetric ranges of <see cref="BitRange"/>).
    /// </summary>
    public void WriteVarbitInt(long value)
    {
        var bits = unchecked((ulong)value);
        switch (value)
        {
            case 0:
                WriteBits(0, 1);
                break;
            case var _ when BitRange(value, 3):
                WriteBits((0b10UL << 3) | (bits & 0x7), 5);
                break;
            case var _ when BitRange(value, 6):
                WriteBits((0b110UL << 6) | (bits & 0x3F), 9);
                break;
            case var _ when BitRange(value, 9):
                WriteBits((0b1110UL << 9) | (bits & 0x1FF), 13);
                break;
            case var _ when BitRange(value, 12):
                WriteBits((0b11110UL << 12) | (bits & 0xFFF), 17);
                break;
            case var _ when BitRange(value, 18):
                WriteBits((0b111110UL << 18) | (bits & 0x3FFFF), 24);
                break;
            case var _ when BitRange(value, 25):
                WriteBits((0b1111110UL << 25) | (bits & 0x1FFFFFF), 32);
                break;
            case var _ when BitRange(value, 56):
                WriteBits(0b11111110, 8);
                WriteBits(bits & 0xFF_FFFF_FFFF_FFFF, 56);
                break;
            default:
                WriteBits(0b11111111, 8);
                WriteBits(bits, 64);
                break;
        }
    }

    /// <summary>Prometheus' putVarbitUint: the prefixes of <see cref="WriteVarbitInt"/> over unsigned ranges.</summary>
    public void WriteVarbitUint(ulong value)
    {
        var significant = 64 - BitOperations.LeadingZeroCount(value);
        switch (significant)
        {
            case 0:
                WriteBits(0, 1);
                break;
            case <= 3:
                WriteBits((0b10UL << 3) | value, 5);
                break;
            case <= 6:
                WriteBits((0b110UL << 6) | value, 9);
                break;
            case <= 9:
                WriteBits((0b1110UL << 9) | value, 13);
                break;
            case <= 12:
                WriteBits((0b11110UL << 12) | value, 17);
                break;
            case <= 18:
                WriteBits((0b111110UL << 18) | value, 24);
                break;
            case <= 25:
                WriteBits((0b1111110UL << 25) | value, 32);
                break;
            case <= 56:
                WriteBits(0b11111110, 8);
                WriteBits(value, 56);
                break;
            default:
                WriteBits(0b11111111, 8);
                WriteBits(value, 64);
                break;
        }
    }

    /// <summary>
    /// Gorilla XOR of a float against the previous one (Prometheus' xorWrite): '0' when equal, '10' +
    /// the meaningful bits when they fit the previous leading/trailing window, else '11' + 5 bits
    /// leading + 6 bits significant count (64 written as 0) + the bits. <paramref name="leading"/>
    /// 0xFF means no window yet.
    /// </summary>
    public void WriteXor(ulong bits, ulong previous, ref byte leading, ref byte trailing)
    {
        var delta = bits ^ previous;
        if (delta == 0)
        {
            WriteBits(0, 1);
            return;
        }

        var newLeading = (byte)Math.Min(BitOperations.LeadingZeroCount(delta), 31);
        var newTrailing = (byte)BitOperations.TrailingZeroCount(delta);
        if (leading != 0xFF && newLeading >= leading && newTrailing >= trailing)
        {
            WriteBits(0b10, 2);
            WriteBits(delta >> trailing, 64 - leading - trailing);
            return;
        }

        leading = newLeading;
        trailing = newTrailing;
        var sigBits = 64 - newLeading - newTrailing;
        WriteBits((0b11UL << 11) | ((ulong)newLeading << 6) | (uint)(sigBits & 0x3F), 13);
        WriteBits(delta >> newTrailing, sigBits);
    }
}
