using FsCheck;
using FsCheck.Fluent;
using Nines.Metrics.Chunks;

namespace Nines.Metrics.Tests.Chunks;

public sealed class XorChunkTests
{
    private const ulong StaleNaNBits = 0x7ff0000000000002;

    [Fact]
    public void Bytes_OneSample_MatchesPrometheusVector()
    {
        // Vector from SINTEF/rusty-chunkenc src/xor.rs test_read_chunk ("Correct chunk"): a chunk
        // with one sample (7200000 ms, 12000.0) as written by Prometheus once its bstream stopped
        // emitting a spare trailing byte (prometheus/prometheus#14854).
        byte[] expected = [0x00, 0x01, 0x80, 0xF4, 0xEE, 0x06, 0x40, 0xC7, 0x70, 0x00, 0x00, 0x00, 0x00, 0x00];
        var chunk = new XorChunk();
        Assert.Equal(AppendResult.Ok, chunk.Append(7_200_000, 12000.0));

        Assert.Equal(expected, chunk.ToArray());
    }

    [Fact]
    public void Iterator_PrometheusChunkWithSpareTrailingByte_Decodes()
    {
        // Same source: the same chunk as older Prometheus versions wrote it, with one extra zero byte.
        byte[] bytes = [0x00, 0x01, 0x80, 0xF4, 0xEE, 0x06, 0x40, 0xC7, 0x70, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        var it = XorIterator.FromBytes(bytes);

        Assert.True(it.MoveNext());
        Assert.Equal(7_200_000, it.T);
        Assert.Equal(12000.0, it.V);
        Assert.False(it.MoveNext());
        Assert.False(it.IsCorrupt);
    }

    [Fact]
    public void Bytes_TenSamples_MatchGoChunkencVector()
    {
        // Vector from SINTEF/rusty-chunkenc golang-tests/test.json, produced by golang-tests/main.go
        // with that repository's Go copy of Prometheus' tsdb/chunkenc (xor.go + bstream.go):
        // ts = 1234123324 + i, v = 123535.123 + i, i in 0..9.
        var expected = Convert.FromBase64String("AAr46PmYCUD+KPH3ztkXAe4v0FDQUdBQ0FPA");
        var chunk = new XorChunk();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(AppendResult.Ok, chunk.Append(1234123324 + i, 123535.123 + i));
        }

        Assert.Equal(expected, chunk.ToArray());

        var it = XorIterator.FromBytes(expected);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(it.MoveNext());
            Assert.Equal(1234123324 + i, it.T);
            Assert.Equal(123535.123 + i, it.V);
        }

        Assert.False(it.MoveNext());
    }

    [Fact]
    public void Bytes_DodBuckets_MatchHandDerivedBits()
    {
        // Hand-derived from xor.go (no real-encoder vector found for this case):
        // t = 0, 10, 20, 31 (dod 0 then +1), v = 0 throughout.
        // header 00 04 | varint(0)=00 | 64 zero bits | uvarint(10)=0A | v: '0'
        // t2: dod 0 '0' v '0' | t3: '10' + 14-bit 1 + v '0'
        // bits after 0A: 0 0 0 10 00000000000001 0 → 0001 0000 | 0000 0000 | 0010 (pad 0000)
        byte[] expected = [0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x0A, 0x10, 0x00, 0x20];
        var chunk = new XorChunk();
        chunk.Append(0, 0);
        chunk.Append(10, 0);
        chunk.Append(20, 0);
        chunk.Append(31, 0);

        Assert.Equal(expected, chunk.ToArray());
    }

    [Fact]
    public void Append_EqualTimestamp_ReturnsDuplicate()
    {
        var chunk = new XorChunk();
        chunk.Append(1000, 1);

        Assert.Equal(AppendResult.Duplicate, chunk.Append(1000, 2));
        Assert.Equal(AppendResult.OutOfOrder, chunk.Append(999, 2));
        Assert.Equal(1, chunk.Count);
    }

    [Fact]
    public void Append_BeyondMaxSamples_ReturnsChunkFull()
    {
        var chunk = new XorChunk(maxSamples: 3);
        Assert.Equal(AppendResult.Ok, chunk.Append(1, 1));
        Assert.Equal(AppendResult.Ok, chunk.Append(2, 1));
        Assert.Equal(AppendResult.Ok, chunk.Append(3, 1));

        Assert.Equal(AppendResult.ChunkFull, chunk.Append(4, 1));
        Assert.True(chunk.IsFull);
        Assert.Equal(3, chunk.Count);
    }

    [Fact]
    public void Iterator_SpecialValues_BitExact()
    {
        ulong[] bits =
        [
            StaleNaNBits,
            BitConverter.DoubleToUInt64Bits(double.NaN),
            0x7ff8_0000_dead_beef,
            0xfff0_0000_0000_0001,
            BitConverter.DoubleToUInt64Bits(double.PositiveInfinity),
            BitConverter.DoubleToUInt64Bits(double.NegativeInfinity),
            BitConverter.DoubleToUInt64Bits(-0.0),
            BitConverter.DoubleToUInt64Bits(0.0),
            BitConverter.DoubleToUInt64Bits(double.Epsilon),
            BitConverter.DoubleToUInt64Bits(double.MaxValue),
            StaleNaNBits,
        ];
        long[] ts = [long.MinValue / 2, -5_000_000, -1, 0, 1, 15_000, 15_001, 1L << 40, (1L << 40) + 1, long.MaxValue / 2, long.MaxValue];

        AssertRoundTrip(ts, bits);
    }

    [Fact]
    public void Seek_MidChunk_PositionsOnFirstAtOrAfter()
    {
        var chunk = new XorChunk();
        for (var i = 0; i < 100; i++)
        {
            chunk.Append(i * 15_000L, i);
        }

        var it = chunk.GetIterator();
        Assert.True(it.Seek(44_999));
        Assert.Equal(45_000, it.T);
        Assert.Equal(3.0, it.V);
        Assert.True(it.Seek(0)); // never moves backwards
        Assert.Equal(45_000, it.T);
        Assert.True(it.MoveNext());
        Assert.Equal(60_000, it.T);
        Assert.False(it.Seek(99 * 15_000L + 1));
    }

    [Fact]
    public void Iterator_TruncatedBytes_ReportsCorrupt()
    {
        var chunk = new XorChunk();
        for (var i = 0; i < 50; i++)
        {
            chunk.Append(i * 1000L, Math.Sin(i));
        }

        var bytes = chunk.ToArray()[..(chunk.Length / 2)];
        var it = XorIterator.FromBytes(bytes);
        var n = 0;
        while (it.MoveNext())
        {
            n++;
        }

        Assert.True(it.IsCorrupt);
        Assert.True(n < 50);
    }

    [Fact]
    public void Iterator_RandomSequences_RoundTrip()
    {
        var random = new Random(42);
        for (var run = 0; run < 2000; run++)
        {
            var n = random.Next(1, 121);
            var ts = new long[n];
            var bits = new ulong[n];
            var t = random.NextInt64(long.MinValue / 4, long.MaxValue / 4);
            var v = random.NextDouble() * 1000;
            var scale = random.Next(5) switch
            {
                0 => 1L,
                1 => 1L << 13,
                2 => 1L << 16,
                3 => 1L << 19,
                _ => 1L << 40,
            };
            for (var i = 0; i < n; i++)
            {
                t += 1 + random.NextInt64(scale);
                ts[i] = t;
                v = random.Next(6) switch
                {
                    0 => v,
                    1 => v + random.Next(100),
                    2 => BitConverter.UInt64BitsToDouble((ulong)random.NextInt64()),
                    3 => BitConverter.UInt64BitsToDouble(StaleNaNBits),
                    4 => Math.Round(v * 1.001, 3),
                    _ => -v,
                };
                bits[i] = BitConverter.DoubleToUInt64Bits(v);
            }

            AssertRoundTrip(ts, bits);
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Iterator_ArbitrarySamples_RoundTripBitExact(long start, ulong[] valueBits, long[] deltas)
    {
        var n = Math.Min(valueBits.Length, deltas.Length);
        var ts = new List<long>(n + 1) { start };
        var bits = new List<ulong>(n + 1) { BitConverter.DoubleToUInt64Bits(double.NaN) };
        for (var i = 0; i < n; i++)
        {
            // Positive steps of any size; stop before overflowing long.
            var step = deltas[i] == long.MinValue ? long.MaxValue : Math.Abs(deltas[i]) + 1;
            if (ts[^1] > long.MaxValue - step)
            {
                break;
            }

            ts.Add(ts[^1] + step);
            bits.Add(valueBits[i]);
        }

        AssertRoundTrip([.. ts], [.. bits]);
        return true.ToProperty();
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Iterator_ArbitraryDoubles_RoundTripBitExact(double[] values)
    {
        var ts = new long[values.Length];
        var bits = new ulong[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            ts[i] = 1_700_000_000_000 + (i * 15_000L) + (i % 3);
            bits[i] = BitConverter.DoubleToUInt64Bits(values[i]);
        }

        AssertRoundTrip(ts, bits);
        return true.ToProperty();
    }

    private static void AssertRoundTrip(long[] ts, ulong[] bits)
    {
        var chunk = new XorChunk(maxSamples: Math.Max(1, ts.Length));
        for (var i = 0; i < ts.Length; i++)
        {
            Assert.Equal(AppendResult.Ok, chunk.Append(ts[i], BitConverter.UInt64BitsToDouble(bits[i])));
        }

        // Decode both the live buffer and an exact-size copy (as read back from disk).
        foreach (var it0 in new[] { chunk.GetIterator(), XorIterator.FromBytes(chunk.ToArray()) })
        {
            var it = it0;
            for (var i = 0; i < ts.Length; i++)
            {
                Assert.True(it.MoveNext(), $"sample {i} of {ts.Length} missing");
                Assert.Equal(ts[i], it.T);
                Assert.Equal(bits[i], it.VBits);
            }

            Assert.False(it.MoveNext());
            Assert.False(it.IsCorrupt);
        }
    }
}
