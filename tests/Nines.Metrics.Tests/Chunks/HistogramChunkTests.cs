using Nines.Metrics.Chunks;
using Nines.Metrics.Histograms;
using Nines.Tests.Shared;

namespace Nines.Metrics.Tests.Chunks;

public sealed class HistogramChunkTests
{
    [Fact]
    public void Bytes_TwoSamples_MatchHandEncodedPrometheusFormat()
    {
        // Derived by hand from tsdb/chunkenc/histogram.go, histogram_meta.go and varbit.go (no
        // published vector exists): header 00 02 00; layout = zero threshold 2^-128 as byte 116,
        // schema '0', 1 positive span '10001' of length 2 '10010' offset '0', 0 negative spans '0';
        // sample 0 = t 1000 '11110'+12 bits, count 5 '10101', zero count 1 '10001', sum 1.0 raw,
        // buckets 2 '10010' and 0 '0'; sample 1 = tDod 1000, countDod 2 '10010', zeroDod '0', sum
        // 1.5 XOR'd ('11', leading 12, 1 significant bit), bucket dods 1 '10001' and 0 '0'.
        byte[] expected =
        [
            0x00, 0x02, 0x00,
            0x74, 0x46, 0x47, 0x8F, 0xA2, 0xB1, 0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x93, 0xC7, 0xD1, 0x26, 0xC0, 0x71, 0x00,
        ];
        var chunk = new HistogramChunk();

        Assert.Equal(AppendResult.Ok, chunk.Append(1_000, Make(count: 5, zero: 1, sum: 1.0, [new(0, 2)], [2, 0]), out _));
        Assert.Equal(AppendResult.Ok, chunk.Append(2_000, Make(count: 7, zero: 1, sum: 1.5, [new(0, 2)], [3, 0]), out _));

        Assert.Equal(expected, chunk.Bytes.ToArray());
    }

    [Fact]
    public void Append_NewBucketAppears_RecodesEarlierSamplesWithEmptyBucket()
    {
        var chunk = new HistogramChunk();
        chunk.Append(1_000, Make(count: 2, zero: 0, sum: 1, [new(0, 1)], [2]), out _);
        var before = chunk.Buffer;

        Assert.Equal(AppendResult.Ok, chunk.Append(2_000, Make(count: 5, zero: 0, sum: 2, [new(0, 1), new(1, 1)], [2, 1]), out _));

        Assert.NotSame(before, chunk.Buffer);
        var it = chunk.GetIterator();
        Assert.True(it.MoveNext());
        Assert.Equal([new HistogramSpan(0, 1), new HistogramSpan(1, 1)], it.H.PositiveSpans);
        Assert.Equal([2.0, 0.0], it.H.PositiveBuckets);
        Assert.True(it.MoveNext());
        Assert.Equal([2.0, 3.0], it.H.PositiveBuckets);
        Assert.False(it.MoveNext());
    }

    [Theory]
    [InlineData("count drops", true)]
    [InlineData("bucket drops", true)]
    [InlineData("bucket disappears", true)]
    [InlineData("schema changes", false)]
    [InlineData("zero threshold changes", false)]
    [InlineData("explicit reset hint", true)]
    public void Append_LayoutCannotContinue_AsksForCutWithHeader(string change, bool counterReset)
    {
        var header = counterReset ? HistogramChunkHeader.CounterReset : HistogramChunkHeader.Unknown;
        var chunk = new HistogramChunk();
        chunk.Append(1_000, Make(count: 10, zero: 1, sum: 5, [new(0, 2)], [4, 1]), out _);
        var next = Make(count: 12, zero: 1, sum: 6, [new(0, 2)], [5, 1]);
        switch (change)
        {
            case "count drops":
                next.Count = 9;
                break;
            case "bucket drops":
                next.PositiveBuckets = [2, 3];
                break;
            case "bucket disappears":
                next.PositiveSpans = [new(1, 1)];
                next.PositiveBuckets = [11];
                break;
            case "schema changes":
                next.Schema = 1;
                break;
            case "zero threshold changes":
                next.ZeroThreshold = 0.5;
                break;
            default:
                next.CounterResetHint = CounterResetHint.CounterReset;
                break;
        }

        Assert.Equal(AppendResult.ChunkFull, chunk.Append(2_000, next, out var cut));
        Assert.Equal(header, cut);
        Assert.Equal(1, chunk.Count);
    }

    [Fact]
    public void Append_Full_AsksForCutWithoutReset()
    {
        var chunk = new HistogramChunk(maxSamples: 2);
        chunk.Append(1_000, Make(count: 1, zero: 1, sum: 1, [], []), out _);
        chunk.Append(2_000, Make(count: 2, zero: 2, sum: 2, [], []), out _);

        Assert.Equal(AppendResult.ChunkFull, chunk.Append(3_000, Make(count: 3, zero: 3, sum: 3, [], []), out var cut));
        Assert.Equal(HistogramChunkHeader.NotCounterReset, cut);
    }

    [Fact]
    public void Iterator_HintsFollowHeader_FirstSampleCarriesTheCutReason()
    {
        var chunk = new HistogramChunk(header: HistogramChunkHeader.CounterReset);
        chunk.Append(1_000, Make(count: 1, zero: 0, sum: 1, [], []), out _);
        chunk.Append(2_000, Make(count: 2, zero: 0, sum: 2, [], []), out _);

        var it = HistogramIterator.FromBytes(chunk.Bytes.ToArray());
        Assert.True(it.MoveNext());
        Assert.Equal(CounterResetHint.CounterReset, it.H.CounterResetHint);
        Assert.True(it.MoveNext());
        Assert.Equal(CounterResetHint.NotCounterReset, it.H.CounterResetHint);
    }

    [Fact]
    public void Append_GaugeLosesAndGainsBuckets_StaysInOneChunk()
    {
        var chunk = new HistogramChunk();
        var first = Make(count: 5, zero: 0, sum: 3, [new(0, 2)], [3, -1]);
        first.CounterResetHint = CounterResetHint.Gauge;
        var second = Make(count: 1, zero: 0, sum: -1, [new(1, 2)], [1, 0]);
        second.CounterResetHint = CounterResetHint.Gauge;

        Assert.Equal(AppendResult.Ok, chunk.Append(1_000, first, out _));
        Assert.Equal(AppendResult.Ok, chunk.Append(2_000, second, out _));

        Assert.Equal(HistogramChunkHeader.Gauge, chunk.Header);
        var it = chunk.GetIterator();
        Assert.True(it.MoveNext());
        Assert.Equal(CounterResetHint.Gauge, it.H.CounterResetHint);
        Assert.Equal([new HistogramSpan(0, 3)], it.H.PositiveSpans);
        Assert.Equal([3.0, 2.0, 0.0], it.H.PositiveBuckets);
        Assert.True(it.MoveNext());
        Assert.Equal([0.0, 1.0, 1.0], it.H.PositiveBuckets);
        Assert.Equal(1.0, it.H.Count);
    }

    [Fact]
    public void Append_StaleMarker_ReadsBackAsStaleAndOnlyStaleMayFollow()
    {
        var chunk = new HistogramChunk();
        chunk.Append(1_000, Make(count: 4, zero: 1, sum: 2, [new(0, 1)], [3]), out _);
        var stale = new Histogram { Sum = BitConverter.UInt64BitsToDouble(Histogram.StaleNaNBits) };

        Assert.Equal(AppendResult.Ok, chunk.Append(2_000, stale, out _));
        Assert.Equal(AppendResult.ChunkFull, chunk.Append(3_000, Make(count: 5, zero: 1, sum: 3, [new(0, 1)], [4]), out var cut));
        Assert.Equal(HistogramChunkHeader.Unknown, cut);
        Assert.Equal(AppendResult.Ok, chunk.Append(3_000, stale, out _));

        var it = chunk.GetIterator();
        Assert.True(it.MoveNext());
        Assert.False(it.H.IsStaleMarker);
        Assert.True(it.MoveNext());
        Assert.True(it.H.IsStaleMarker);
        Assert.Equal(Histogram.StaleNaNBits, BitConverter.DoubleToUInt64Bits(it.H.Sum));
        Assert.True(it.MoveNext());
        Assert.True(it.H.IsStaleMarker);
    }

    [Fact]
    public void Iterator_TruncatedChunk_EndsAsCorrupt()
    {
        var chunk = new HistogramChunk();
        for (var i = 0; i < 10; i++)
        {
            chunk.Append(i * 1_000, Make(count: (ulong)(i * 3), zero: (ulong)i, sum: i * 0.7, [new(0, 2)], [i, i]), out _);
        }

        var torn = chunk.Bytes[..(chunk.Length - 6)].ToArray();
        var it = HistogramIterator.FromBytes(torn);
        var read = 0;
        while (it.MoveNext())
        {
            read++;
        }

        Assert.InRange(read, 1, 9);
        Assert.True(it.IsCorrupt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void AppendThenIterate_RandomHistogramsWithLayoutChangesAndResets_RoundTrip(int seed)
    {
        var random = new Random(seed);
        var chunks = new List<HistogramChunk> { new(maxSamples: 40) };
        var appended = new List<(long T, Histogram H)>();
        var headers = new List<HistogramChunkHeader> { HistogramChunkHeader.Unknown };
        var previous = RandomHistograms.Next(random, null);
        var t = random.NextInt64(-1_000_000, 1_000_000);
        for (var i = 0; i < 600; i++)
        {
            var h = RandomHistograms.Next(random, previous);
            t += random.Next(1, 5) == 1 ? random.NextInt64(1, 1L << 40) : random.Next(1, 30_000);
            var result = chunks[^1].Append(t, h, out var header);
            if (result == AppendResult.ChunkFull)
            {
                chunks.Add(new HistogramChunk(40, header));
                headers.Add(header);
                result = chunks[^1].Append(t, h, out _);
                if (h.CounterResetHint == CounterResetHint.Gauge)
                {
                    Assert.Equal(HistogramChunkHeader.Gauge, chunks[^1].Header);
                }
            }

            Assert.Equal(AppendResult.Ok, result);
            appended.Add((t, h));
            previous = h;
        }

        var j = 0;
        foreach (var chunk in chunks)
        {
            var it = HistogramIterator.FromBytes(chunk.Bytes.ToArray());
            while (it.MoveNext())
            {
                var (expectedT, expected) = appended[j++];
                Assert.Equal(expectedT, it.T);
                RandomHistograms.AssertSame(expected, it.H);
            }

            Assert.False(it.IsCorrupt);
        }

        Assert.Equal(appended.Count, j);
        Assert.Contains(HistogramChunkHeader.CounterReset, headers);
        Assert.Contains(HistogramChunkHeader.Gauge, headers);
        Assert.Contains(HistogramChunkHeader.Unknown, headers.Skip(1));
    }

    internal static Histogram Make(ulong count, ulong zero, double sum, HistogramSpan[] spans, long[] deltas) => new()
    {
        Schema = 0,
        ZeroThreshold = Math.ScaleB(1, -128),
        Count = count,
        ZeroCount = zero,
        Sum = sum,
        PositiveSpans = spans,
        PositiveBuckets = deltas,
    };
}
