using System.Buffers.Binary;
using Nines.Metrics.Blocks;
using Nines.Metrics.Wal;
using ZstdSharp;

namespace Nines.Metrics.Chunks;

/// <summary>
/// Nines' dense chunk encoding (chunk encoding byte <see cref="Encoding"/>, not a Prometheus
/// encoding; written only into segments with <see cref="BlockFormat.DenseChunksMagic"/>, which
/// promtool and Prometheus refuse to open), for compacted blocks. Up to
/// <see cref="MaxSamples"/> samples of one series, as columns that a general-purpose compressor
/// handles well, then zstd (the approach VictoriaMetrics takes):
/// <list type="bullet">
/// <item>count (uvarint); timestamps: a mode byte, the first (varint), then either the first delta and
/// delta-of-deltas, or a step and each timestamp's offset from first + i·step (varints);</item>
/// <item>values, mode 1 "decimal": when every value is exactly m / 10^e for one e in 0..15 and
/// integral |m| &lt; 2^53 (counters, gauges exported with a few decimals), e then m as varint deltas;</item>
/// <item>values, mode 2 "XOR": each value's bits XORed with the previous value's, byte-shuffled
/// (all first bytes, then all second bytes, …) so the zero bytes of slowly changing values form runs.</item>
/// </list>
/// Decoding re-encodes into an XOR chunk, so queries iterate it like any other chunk.
/// </summary>
internal static class DenseChunkCodec
{
    public const byte Encoding = 0x81;
    public const int MaxSamples = 8192;
    private const byte DodTimestamps = 0;
    private const byte GridTimestamps = 1;
    private const byte DecimalMode = 1;
    private const byte XorMode = 2;
    private const int CompressionLevel = 12;

    private static readonly double[] Powers = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static byte[] Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        var n = timestamps.Length;
        var raw = new FormatBuffer(16 + (n * 10));
        raw.PutUvarint((ulong)n);
        EncodeTimestamps(raw, timestamps);

        var exponent = DecimalExponent(values);
        if (exponent >= 0)
        {
            raw.PutByte(DecimalMode);
            raw.PutByte((byte)exponent);
            long prev = 0;
            for (var i = 0; i < n; i++)
            {
                var m = (long)Math.Round(values[i] * Powers[exponent]);
                raw.PutVarint(m - prev);
                prev = m;
            }
        }
        else
        {
            raw.PutByte(XorMode);
            var shuffled = new byte[n * 8];
            ulong prevBits = 0;
            for (var i = 0; i < n; i++)
            {
                var bits = BitConverter.DoubleToUInt64Bits(values[i]);
                var x = bits ^ prevBits;
                prevBits = bits;
                for (var b = 0; b < 8; b++)
                {
                    shuffled[(b * n) + i] = (byte)(x >> (56 - (8 * b)));
                }
            }

            raw.PutBytes(shuffled);
        }

        using var compressor = new Compressor(CompressionLevel);
        return compressor.Wrap(raw.WrittenSpan).ToArray();
    }

    /// <summary>Decodes into an XOR chunk's bytes and sample count.</summary>
    /// <exception cref="InvalidDataException">The data does not decode.</exception>
    public static (byte[] Buffer, int Count) DecodeToXor(ReadOnlySpan<byte> data)
    {
        byte[] raw;
        try
        {
            using var decompressor = new Decompressor();
            raw = decompressor.Unwrap(data).ToArray();
        }
        catch (ZstdException ex)
        {
            throw new InvalidDataException("Dense chunk does not decompress: " + ex.Message, ex);
        }

        var reader = new PayloadReader(raw);
        var n = (int)reader.ReadUVarint();
        if (n is < 1 or > MaxSamples)
        {
            throw new InvalidDataException("Dense chunk has a bad sample count.");
        }

        var ts = DecodeTimestamps(ref reader, n);

        var chunk = new XorChunk(n, 64 + (n * 2));
        var rest = raw.AsSpan(reader.Position);
        if (rest.Length < 1)
        {
            throw new InvalidDataException("Dense chunk has no values.");
        }

        if (rest[0] == DecimalMode)
        {
            if (rest.Length < 2 || rest[1] >= Powers.Length)
            {
                throw new InvalidDataException("Dense chunk has a bad exponent.");
            }

            var power = Powers[rest[1]];
            var values = new PayloadReader(rest[2..]);
            long m = 0;
            for (var i = 0; i < n; i++)
            {
                m += values.ReadVarint();
                Append(chunk, ts[i], m / power);
            }
        }
        else if (rest[0] == XorMode && rest.Length == 1 + (n * 8))
        {
            var shuffled = rest[1..];
            ulong bits = 0;
            for (var i = 0; i < n; i++)
            {
                ulong x = 0;
                for (var b = 0; b < 8; b++)
                {
                    x = (x << 8) | shuffled[(b * n) + i];
                }

                bits ^= x;
                Append(chunk, ts[i], BitConverter.UInt64BitsToDouble(bits));
            }
        }
        else
        {
            throw new InvalidDataException("Dense chunk has an unknown value mode.");
        }

        return (chunk.Buffer, chunk.Count);
    }

    // Two timestamp modes; the one with the smaller sum of magnitudes wins (a proxy for what zstd
    // makes of it). Delta-of-delta suits gaps and drifting intervals; "grid" (t0, a fixed step, then
    // each timestamp's offset from t0 + i·step) suits jittered scrapes: an offset carries one
    // jitter, a delta-of-delta three.
    private static void EncodeTimestamps(FormatBuffer raw, ReadOnlySpan<long> ts)
    {
        var n = ts.Length;
        long step = n > 1 ? (long)Math.Round((double)(ts[n - 1] - ts[0]) / (n - 1)) : 0;
        double dodCost = 0, gridCost = 0;
        for (var i = 2; i < n; i++)
        {
            dodCost += Math.Abs((double)((ts[i] - ts[i - 1]) - (ts[i - 1] - ts[i - 2])));
        }

        for (var i = 1; i < n; i++)
        {
            gridCost += Math.Abs((double)(ts[i] - (ts[0] + (i * step))));
        }

        var grid = n > 2 && gridCost < dodCost;
        raw.PutByte(grid ? GridTimestamps : DodTimestamps);
        raw.PutVarint(ts[0]);
        if (grid)
        {
            raw.PutVarint(step);
            for (var i = 1; i < n; i++)
            {
                raw.PutVarint(ts[i] - (ts[0] + (i * step)));
            }

            return;
        }

        long prevDelta = 0;
        for (var i = 1; i < n; i++)
        {
            var delta = ts[i] - ts[i - 1];
            raw.PutVarint(i == 1 ? delta : delta - prevDelta);
            prevDelta = delta;
        }
    }

    private static long[] DecodeTimestamps(ref PayloadReader reader, int n)
    {
        var ts = new long[n];
        var mode = reader.ReadUVarint();
        ts[0] = reader.ReadVarint();
        if (mode == GridTimestamps)
        {
            var step = reader.ReadVarint();
            for (var i = 1; i < n; i++)
            {
                ts[i] = ts[0] + (i * step) + reader.ReadVarint();
            }
        }
        else if (mode == DodTimestamps)
        {
            long delta = 0;
            for (var i = 1; i < n; i++)
            {
                delta = i == 1 ? reader.ReadVarint() : delta + reader.ReadVarint();
                ts[i] = ts[i - 1] + delta;
            }
        }
        else
        {
            throw new InvalidDataException("Dense chunk has an unknown timestamp mode.");
        }

        return ts;
    }

    private static void Append(XorChunk chunk, long t, double v)
    {
        if (chunk.Append(t, v) != AppendResult.Ok)
        {
            throw new InvalidDataException("Dense chunk timestamps are not increasing.");
        }
    }

    // The smallest e with every value == round(v·10^e) / 10^e exactly (bit for bit, so -0.0 and NaN
    // stale markers fall back to XOR mode), or -1.
    private static int DecimalExponent(ReadOnlySpan<double> values)
    {
        var e = 0;
        foreach (var v in values)
        {
            while (!IsDecimal(v, e))
            {
                if (++e >= Powers.Length)
                {
                    return -1;
                }
            }
        }

        foreach (var v in values)
        {
            if (!IsDecimal(v, e))
            {
                return -1;
            }
        }

        return e;
    }

    private static bool IsDecimal(double v, int e)
    {
        var scaled = v * Powers[e];
        if (!double.IsFinite(scaled) || Math.Abs(scaled) >= 9007199254740992.0)
        {
            return false;
        }

        // The integer path loses the sign of zero: -0.0 takes the XOR path.
        var m = Math.Round(scaled);
        return BitConverter.DoubleToUInt64Bits(m / Powers[e]) == BitConverter.DoubleToUInt64Bits(v) && BitConverter.DoubleToUInt64Bits(v) != 0x8000_0000_0000_0000UL;
    }
}
