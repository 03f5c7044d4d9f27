using System.Buffers.Binary;

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
    // the first sample is 10+8 bytes.
    private const int MaxSampleBytes = 20;

    private readonly int _maxSamples;
    private BitBuffer _b;
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
        _b = new BitBuffer(2, initialCapacity);
    }

    public int Count => _count;

    public int MaxSamples => _maxSamples;

    public bool IsFull => _count >= _maxSamples;

    /// <summary>Timestamp of the first sample (undefined when empty).</summary>
    public long MinTime { get; private set; }

    /// <summary>Timestamp of the last sample (undefined when empty).</summary>
    public long MaxTime => _t;

    /// <summary>Encoded length in bytes, header included.</summary>
    public int Length => _b.Length;

    /// <summary>The backing array; only the first <see cref="Length"/> bytes are the chunk.</summary>
    internal byte[] Buffer => _b.Array;

    /// <summary>The chunk bytes in Prometheus' format, for persistence.</summary>
    public ReadOnlySpan<byte> Bytes => _b.Array.AsSpan(0, Length);

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

        _b.Reserve(MaxSampleBytes);
        var vBits = BitConverter.DoubleToUInt64Bits(v);
        ulong tDelta = 0;
        if (_count == 0)
        {
            _b.WriteUvarint(unchecked((ulong)((t << 1) ^ (t >> 63))));
            _b.WriteBits(vBits, 64);
            MinTime = t;
        }
        else if (_count == 1)
        {
            // unchecked: Go computes uint64(t - a.t) with wrap-around; so must we to stay bit-exact.
            tDelta = unchecked((ulong)(t - _t));
            _b.WriteUvarint(tDelta);
            _b.WriteXor(vBits, _vBits, ref _leading, ref _trailing);
        }
        else
        {
            tDelta = unchecked((ulong)(t - _t));
            var dod = unchecked((long)(tDelta - _tDelta));
            if (dod == 0)
            {
                _b.WriteBits(0, 1);
            }
            else if (BitBuffer.BitRange(dod, 14))
            {
                _b.WriteBits(0b10, 2);
                _b.WriteBits(unchecked((ulong)dod), 14);
            }
            else if (BitBuffer.BitRange(dod, 17))
            {
                _b.WriteBits(0b110, 3);
                _b.WriteBits(unchecked((ulong)dod), 17);
            }
            else if (BitBuffer.BitRange(dod, 20))
            {
                _b.WriteBits(0b1110, 4);
                _b.WriteBits(unchecked((ulong)dod), 20);
            }
            else
            {
                _b.WriteBits(0b1111, 4);
                _b.WriteBits(unchecked((ulong)dod), 64);
            }

            _b.WriteXor(vBits, _vBits, ref _leading, ref _trailing);
        }

        _t = t;
        _vBits = vBits;
        _tDelta = tDelta;
        _count++;
        BinaryPrimitives.WriteUInt16BigEndian(_b.Array, (ushort)_count);
        return AppendResult.Ok;
    }

    public XorIterator GetIterator() => new(_b.Array, _count);

    /// <summary>Copies the chunk bytes into an exactly sized array (for a sealed chunk kept in memory or written out).</summary>
    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>Shrinks the backing array once the chunk is sealed.</summary>
    public void Compact() => _b.Trim();
}
