// Compiled only once Nines.Benchmarks.csproj references src/Nines.Ingest and defines NINES_INGEST
// (that project file belongs to the benchmarks owner; see the ingest hand-off note).
#if NINES_INGEST
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;

namespace Nines.Benchmarks.Ingest;

/// <summary>
/// Decoding a snappy remote-write 1.0 body of 10k series (6 labels, realistic values) into a
/// <see cref="SeriesBatch"/>: "warm" is steady state (series seen before, label sets reused from the
/// decoder's cache), "cold" is first sight of every series (cache disabled).
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteDecodeBenchmarks
{
    private byte[] _body = [];
    private RemoteWriteDecoder _decoder = new();
    private SeriesBatch _batch = new();

    [Params(10_000)]
    public int Series { get; set; }

    [Params(1, 10)]
    public int SamplesPerSeries { get; set; }

    [Params(true, false)]
    public bool Warm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Snappier.Snappy.CompressToArray(Encode(Series, SamplesPerSeries));
        _decoder = new RemoteWriteDecoder(new RemoteWriteDecoderOptions { SeriesCacheSize = Warm ? 1 << 18 : 0 });
        _batch = new SeriesBatch();
        _decoder.DecodeSnappy(_body, RemoteWriteVersion.V1, _batch);
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark]
    public int DecodeV1() => _decoder.DecodeSnappy(_body, RemoteWriteVersion.V1, _batch).SamplesAccepted;

    // WriteRequest{timeseries=1}, TimeSeries{labels=1, samples=2}, Label{name=1, value=2},
    // Sample{value=1 (double), timestamp=2} — prompb/remote.proto, prompb/types.proto.
    private static byte[] Encode(int series, int samplesPerSeries)
    {
        var random = new Random(42);
        using var request = new MemoryStream();
        var output = new CodedOutputStream(request);
        for (var s = 0; s < series; s++)
        {
            using var ts = new MemoryStream();
            var tsOut = new CodedOutputStream(ts);
            string[] labels =
            [
                "__name__", $"http_requests_total_{s % 50}", "instance", $"10.0.{s % 256}.{s / 256 % 256}:9100",
                "job", "node", "method", (s % 3) switch { 0 => "GET", 1 => "POST", _ => "PUT" },
                "path", $"/api/v1/items/{s % 100}", "status", (200 + (s % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ];
            for (var i = 0; i < labels.Length; i += 2)
            {
                var size = CodedOutputStream.ComputeStringSize(labels[i]) + CodedOutputStream.ComputeStringSize(labels[i + 1]) + 2;
                tsOut.WriteTag(1, WireFormat.WireType.LengthDelimited);
                tsOut.WriteLength(size);
                tsOut.WriteTag(1, WireFormat.WireType.LengthDelimited);
                tsOut.WriteString(labels[i]);
                tsOut.WriteTag(2, WireFormat.WireType.LengthDelimited);
                tsOut.WriteString(labels[i + 1]);
            }

            for (var i = 0; i < samplesPerSeries; i++)
            {
                var timestamp = 1_700_000_000_000 + (i * 15_000L);
                tsOut.WriteTag(2, WireFormat.WireType.LengthDelimited);
                tsOut.WriteLength(9 + 1 + CodedOutputStream.ComputeInt64Size(timestamp));
                tsOut.WriteTag(1, WireFormat.WireType.Fixed64);
                tsOut.WriteDouble(random.NextDouble() * 1000);
                tsOut.WriteTag(2, WireFormat.WireType.Varint);
                tsOut.WriteInt64(timestamp);
            }

            tsOut.Flush();
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(ts.GetBuffer(), 0, (int)ts.Length));
        }

        output.Flush();
        return request.ToArray();
    }
}
#endif
