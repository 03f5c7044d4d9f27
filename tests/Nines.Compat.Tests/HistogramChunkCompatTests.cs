using System.Net.Http.Headers;
using Google.Protobuf;
using Nines.Ingest.Tests.Reference.V1;
using Nines.Metrics.Chunks;
using Nines.Testing.Peers;
using Nines.Tests.Shared;
using Snappier;
using Xunit.Abstractions;
using NativeHistogram = Nines.Metrics.Histograms.Histogram;

namespace Nines.Compat.Tests;

/// <summary>
/// Bit for bit against the real encoder: the same native histograms are remote-written into
/// Prometheus 2.42 and appended to <see cref="HistogramChunk"/>s; Prometheus' streamed remote read
/// hands back its head chunks as stored, and every chunk (header byte, layout, varbits, recodes,
/// cuts) must equal ours byte for byte.
/// </summary>
public sealed class HistogramChunkCompatTests(ITestOutputHelper output)
{
    private const long Step = 15_000;
    private const int Samples = 100;

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, false)]
    [InlineData(13, true)]
    public async Task SameHistograms_PrometheusHeadChunks_EqualOurChunkBytes(int seed, bool gauges)
    {
        var random = new Random(seed);
        var window = 2 * 3_600_000L;

        // One 2 h chunk range, under 120 samples: Prometheus then cuts only where the histograms force it.
        var start = ((TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / window) - 1) * window;
        var appended = new List<(long T, NativeHistogram H)>();
        var request = new WriteRequest();
        var series = new TimeSeries();
        series.Labels.Add(new Label { Name = "__name__", Value = "rpc_seconds" });
        request.Timeseries.Add(series);
        for (var i = 0; i < Samples; i++)
        {
            NativeHistogram h;
            do
            {
                h = RandomHistograms.Next(random, appended.Count > 0 ? appended[^1].H : null);
            }
            while (!gauges && h.CounterResetHint == Metrics.Histograms.CounterResetHint.Gauge);

            var t = start + (i * Step);
            appended.Add((t, h));
            series.Histograms.Add(ToProto(t, h));
        }

        await using var prometheus = await PrometheusPeer.StartAsync("global:\n  scrape_interval: 1h\n", ["--enable-feature=native-histograms"]);
        await prometheus.PushAsync(Snappy.CompressToArray(request.ToByteArray()));
        var theirs = await ReadChunksAsync(prometheus, start, start + window);

        var ours = new List<HistogramChunk> { new() };
        foreach (var (t, h) in appended)
        {
            if (ours[^1].Append(t, h, out var header) == AppendResult.ChunkFull)
            {
                ours.Add(new HistogramChunk(HistogramChunk.DefaultMaxSamples, header));
                Assert.Equal(AppendResult.Ok, ours[^1].Append(t, h, out _));
            }
        }

        output.WriteLine($"{theirs.Count} chunks from Prometheus, {ours.Count} from Nines; headers {string.Join(",", ours.Select(c => c.Header))}");
        Assert.Equal(ours.Count, theirs.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            Assert.Equal(2, theirs[i].Type);
            Assert.Equal(Convert.ToHexString(theirs[i].Data), Convert.ToHexString(ours[i].Bytes));
        }
    }

    private static Histogram ToProto(long t, NativeHistogram h)
    {
        var proto = new Histogram
        {
            CountInt = h.Count,
            Sum = h.Sum,
            Schema = h.Schema,
            ZeroThreshold = h.ZeroThreshold,
            ZeroCountInt = h.ZeroCount,
            ResetHint = (int)h.CounterResetHint,
            Timestamp = t,
        };
        foreach (var s in h.PositiveSpans)
        {
            proto.PositiveSpans.Add(new BucketSpan { Offset = s.Offset, Length = s.Length });
        }

        foreach (var s in h.NegativeSpans)
        {
            proto.NegativeSpans.Add(new BucketSpan { Offset = s.Offset, Length = s.Length });
        }

        proto.PositiveDeltas.Add(h.PositiveBuckets);
        proto.NegativeDeltas.Add(h.NegativeBuckets);
        return proto;
    }

    // Prometheus' remote read (prompb ReadRequest with STREAMED_XOR_CHUNKS), encoded by hand: one
    // query with __name__="rpc_seconds"; the answer is frames of uvarint length, CRC32C, ChunkedReadResponse.
    private static async Task<List<(int Type, byte[] Data)>> ReadChunksAsync(PrometheusPeer prometheus, long start, long end)
    {
        var matcher = Message(w =>
        {
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteString("__name__");
            w.WriteTag(3, WireFormat.WireType.LengthDelimited);
            w.WriteString("rpc_seconds");
        });
        var query = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteInt64(start);
            w.WriteTag(2, WireFormat.WireType.Varint);
            w.WriteInt64(end);
            w.WriteTag(3, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(matcher));
        });
        var read = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(query));
            w.WriteTag(2, WireFormat.WireType.Varint);
            w.WriteEnum(1);
        });

        using var content = new ByteArrayContent(Snappy.CompressToArray(read));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/v1/read") { Content = content };
        message.Headers.Add("X-Prometheus-Remote-Read-Version", "0.1.0");
        using var response = await prometheus.Client.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(body));

        var chunks = new List<(int, byte[])>();
        var at = 0;
        while (at < body.Length)
        {
            ulong length = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = body[at++];
                length |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            at += 4;
            var frame = new CodedInputStream(body, at, (int)length);
            at += (int)length;
            while (ReadField(frame, 1) is { } seriesBytes)
            {
                var chunkedSeries = new CodedInputStream(seriesBytes);
                while (ReadField(chunkedSeries, 2) is { } chunkBytes)
                {
                    var chunk = new CodedInputStream(chunkBytes);
                    int type = 0;
                    byte[] data = [];
                    uint tag;
                    while ((tag = chunk.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(tag))
                        {
                            case 3:
                                type = chunk.ReadEnum();
                                break;
                            case 4:
                                data = chunk.ReadBytes().ToByteArray();
                                break;
                            default:
                                chunk.SkipLastField();
                                break;
                        }
                    }

                    chunks.Add((type, data));
                }
            }
        }

        return chunks;
    }

    // The next length-delimited field with this number (others skipped), or null at the end.
    private static byte[]? ReadField(CodedInputStream input, int field)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field)
            {
                return input.ReadBytes().ToByteArray();
            }

            input.SkipLastField();
        }

        return null;
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
