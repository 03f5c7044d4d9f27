using FsCheck;
using FsCheck.Fluent;
using Nines.Metrics.Chunks;

namespace Nines.Metrics.Tests.Chunks;

public sealed class DenseChunkCodecTests
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property DecodeToXor_ArbitraryDoubles_RoundTripBitExact(double[] values, int[] jitter)
    {
        if (values.Length == 0)
        {
            return true.ToProperty();
        }

        var n = Math.Min(values.Length, DenseChunkCodec.MaxSamples);
        var ts = new long[n];
        for (var i = 0; i < n; i++)
        {
            ts[i] = 1_700_000_000_000 + (i * 15_000L) + (jitter.Length == 0 ? 0 : jitter[i % jitter.Length] % 5000);
        }

        AssertRoundTrip(ts, values.AsSpan(0, n).ToArray());
        return true.ToProperty();
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.5, 4.25 })]
    [InlineData(new[] { 0.1, 0.2, 0.30000000000000004, 1e15 })]
    [InlineData(new[] { -0.0, 0.0, 1.0 })]
    [InlineData(new[] { double.NaN, 1.0, double.PositiveInfinity, double.NegativeInfinity })]
    [InlineData(new[] { 123456.789, 123457.001, 9007199254740991.0 })]
    public void DecodeToXor_EdgeValues_RoundTripBitExact(double[] values)
    {
        var ts = new long[values.Length];
        for (var i = 0; i < ts.Length; i++)
        {
            ts[i] = -5_000 + (i * 1_000L);
        }

        AssertRoundTrip(ts, values);
    }

    [Fact]
    public void Encode_CounterWithDecimals_SmallerThanXor()
    {
        var random = new Random(3);
        var ts = new long[1440];
        var vs = new double[1440];
        var xor = new XorChunk(1440);
        double x = 1000;
        for (var i = 0; i < ts.Length; i++)
        {
            ts[i] = 1_700_000_000_000 + (i * 15_000L) + random.Next(-2, 3);
            x = Math.Round(x + (random.Next(1, 300) / 100.0), 2);
            vs[i] = x;
            xor.Append(ts[i], vs[i]);
        }

        var dense = DenseChunkCodec.Encode(ts, vs);

        Assert.True(dense.Length * 2 < xor.Length, $"dense {dense.Length} B vs XOR {xor.Length} B");
    }

    private static void AssertRoundTrip(long[] ts, double[] values)
    {
        var (buffer, count) = DenseChunkCodec.DecodeToXor(DenseChunkCodec.Encode(ts, values));
        Assert.Equal(ts.Length, count);
        var it = new XorIterator(buffer, count);
        for (var i = 0; i < ts.Length; i++)
        {
            Assert.True(it.MoveNext());
            Assert.Equal(ts[i], it.T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(values[i]), it.VBits);
        }

        Assert.False(it.MoveNext());
    }
}
