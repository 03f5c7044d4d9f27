using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Nines.Core.Security;
using Nines.Metrics.Head;
using Nines.Metrics.Histograms;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Testing;
using static Nines.Functional.Tests.Ingest.HandProtobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Nines.Functional.Tests.Ingest;

/// <summary>
/// Native histograms over remote write 1.0 and 2.0 (protobuf written by hand from prompb/types.proto
/// and io/prometheus/write/v2/types.proto) and OTLP exponential histograms (JSON by hand, protobuf
/// from the real .NET SDK) land in storage bucket for bucket. Expected buckets are derived by hand.
/// </summary>
public sealed class NativeHistogramIngestTests
{
    private const string V2ContentType = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    // Histogram{count_int 12, sum 18.4, schema 1, zero_threshold 0.001, zero_count_int 2,
    // negative: span {0, 1}, deltas [4]; positive: spans {-1, 2} {2, 1}, deltas [2, 1, -2]; reset_hint NO}.
    private static ByteString IntegerHistogram(long timestamp) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.Varint); w.WriteUInt64(12);
        w.WriteTag(3, WireFormat.WireType.Fixed64); w.WriteDouble(18.4);
        w.WriteTag(4, WireFormat.WireType.Varint); w.WriteSInt32(1);
        w.WriteTag(5, WireFormat.WireType.Fixed64); w.WriteDouble(0.001);
        w.WriteTag(6, WireFormat.WireType.Varint); w.WriteUInt64(2);
        w.WriteTag(8, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(0, 1));
        w.WriteTag(9, WireFormat.WireType.LengthDelimited); w.WriteBytes(Packed(p => p.WriteSInt64(4)));
        w.WriteTag(11, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(-1, 2));
        w.WriteTag(11, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(2, 1));
        w.WriteTag(12, WireFormat.WireType.LengthDelimited); w.WriteBytes(Packed(p => { p.WriteSInt64(2); p.WriteSInt64(1); p.WriteSInt64(-2); }));
        w.WriteTag(14, WireFormat.WireType.Varint); w.WriteInt32(2);
        w.WriteTag(15, WireFormat.WireType.Varint); w.WriteInt64(timestamp);
    });

    // A float histogram with whole counts: count_float 6, zero_count_float 1, positive span {0, 2}, counts [2, 3].
    private static ByteString FloatHistogram(long timestamp) => Message(w =>
    {
        w.WriteTag(2, WireFormat.WireType.Fixed64); w.WriteDouble(6);
        w.WriteTag(3, WireFormat.WireType.Fixed64); w.WriteDouble(9);
        w.WriteTag(7, WireFormat.WireType.Fixed64); w.WriteDouble(1);
        w.WriteTag(11, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(0, 2));
        w.WriteTag(13, WireFormat.WireType.LengthDelimited); w.WriteBytes(Packed(p => { p.WriteDouble(2); p.WriteDouble(3); }));
        w.WriteTag(15, WireFormat.WireType.Varint); w.WriteInt64(timestamp);
    });

    private static void AssertInteger(FloatHistogram h)
    {
        Assert.Equal(1, h.Schema);
        Assert.Equal(0.001, h.ZeroThreshold);
        Assert.Equal(2, h.ZeroCount);
        Assert.Equal(12, h.Count);
        Assert.Equal(18.4, h.Sum);
        Assert.Equal([new HistogramSpan(-1, 2), new HistogramSpan(2, 1)], h.PositiveSpans);
        Assert.Equal([2.0, 3, 1], h.PositiveBuckets);
        Assert.Equal([new HistogramSpan(0, 1)], h.NegativeSpans);
        Assert.Equal([4.0], h.NegativeBuckets);
    }

    private static void AssertFloat(FloatHistogram h)
    {
        Assert.Equal(6, h.Count);
        Assert.Equal(9, h.Sum);
        Assert.Equal(1, h.ZeroCount);
        Assert.Equal([new HistogramSpan(0, 2)], h.PositiveSpans);
        Assert.Equal([2.0, 3], h.PositiveBuckets);
        Assert.Empty(h.NegativeBuckets);
    }

    [Fact]
    public async Task RemoteWriteV1_NativeHistograms_StoredBucketForBucket()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-nh", ingest: true));
        // WriteRequest{timeseries{labels, histograms x2}}.
        var series = Message(w =>
        {
            WriteLabel(w, 1, "__name__", "rpc_duration_seconds");
            WriteLabel(w, 1, "job", "api");
            w.WriteTag(4, WireFormat.WireType.LengthDelimited); w.WriteBytes(IntegerHistogram(Now));
            w.WriteTag(4, WireFormat.WireType.LengthDelimited); w.WriteBytes(FloatHistogram(Now + 15_000));
        });
        var request = Message(w => { w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(series); });

        var response = await client.PostAsync("/api/v1/write", Body(request, "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var stored = await HistogramsAsync(host, "team-nh", "rpc_duration_seconds");
        Assert.Equal([Now, Now + 15_000], stored.Select(s => s.T));
        AssertInteger(stored[0].H);
        AssertFloat(stored[1].H);
    }

    [Fact]
    public async Task RemoteWriteV2_NativeHistograms_StoredAndCountedInTheWrittenHeaders()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-nh2", ingest: true));

        var response = await client.PostAsync("/api/v1/write", Body(V2Request(IntegerHistogram(Now), FloatHistogram(Now + 15_000)), V2ContentType));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("X-Prometheus-Remote-Write-Histograms-Written").Single());
        Assert.Equal("1", response.Headers.GetValues("X-Prometheus-Remote-Write-Samples-Written").Single());
        var stored = await HistogramsAsync(host, "team-nh2", "rpc_duration_seconds");
        Assert.Equal(2, stored.Count);
        AssertInteger(stored[0].H);
        AssertFloat(stored[1].H);

        // The newest samples sent again (a retry after a lost response) are written, not refused, each kind counted as its own.
        var retry = await client.PostAsync("/api/v1/write", Body(V2Request(FloatHistogram(Now + 15_000)), V2ContentType));
        Assert.True(retry.StatusCode == HttpStatusCode.NoContent, await retry.Content.ReadAsStringAsync());
        Assert.Equal("1", retry.Headers.GetValues("X-Prometheus-Remote-Write-Histograms-Written").Single());
        Assert.Equal("1", retry.Headers.GetValues("X-Prometheus-Remote-Write-Samples-Written").Single());
        Assert.Equal(2, (await HistogramsAsync(host, "team-nh2", "rpc_duration_seconds")).Count);
    }

    // Request{symbols ["", "__name__", "rpc_duration_seconds", "job", "api", "up"], timeseries: the histograms' series, up 1 at Now}.
    private static ByteString V2Request(params ByteString[] histograms)
    {
        var series = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(Packed(p => { p.WriteUInt32(1); p.WriteUInt32(2); p.WriteUInt32(3); p.WriteUInt32(4); }));
            foreach (var h in histograms)
            {
                w.WriteTag(3, WireFormat.WireType.LengthDelimited); w.WriteBytes(h);
            }
        });
        var up = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(Packed(p => { p.WriteUInt32(1); p.WriteUInt32(5); }));
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(s => { s.WriteTag(1, WireFormat.WireType.Fixed64); s.WriteDouble(1); s.WriteTag(2, WireFormat.WireType.Varint); s.WriteInt64(Now); }));
        });
        return Message(w =>
        {
            foreach (var symbol in new[] { "", "__name__", "rpc_duration_seconds", "job", "api", "up" })
            {
                w.WriteTag(4, WireFormat.WireType.LengthDelimited); w.WriteString(symbol);
            }

            w.WriteTag(5, WireFormat.WireType.LengthDelimited); w.WriteBytes(series);
            w.WriteTag(5, WireFormat.WireType.LengthDelimited); w.WriteBytes(up);
        });
    }

    [Fact]
    public async Task RemoteWriteV1_FractionalFloatHistogram_400NamesTheSeriesNothingStored()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-bad", ingest: true));
        var fractional = Message(w =>
        {
            w.WriteTag(2, WireFormat.WireType.Fixed64); w.WriteDouble(0.5);
            w.WriteTag(11, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(0, 1));
            w.WriteTag(13, WireFormat.WireType.LengthDelimited); w.WriteBytes(Packed(p => p.WriteDouble(0.5)));
            w.WriteTag(15, WireFormat.WireType.Varint); w.WriteInt64(Now);
        });
        var good = Message(w =>
        {
            WriteLabel(w, 1, "__name__", "up");
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(s => { s.WriteTag(1, WireFormat.WireType.Fixed64); s.WriteDouble(1); s.WriteTag(2, WireFormat.WireType.Varint); s.WriteInt64(Now); }));
        });
        var bad = Message(w =>
        {
            WriteLabel(w, 1, "__name__", "rate_limited");
            w.WriteTag(4, WireFormat.WireType.LengthDelimited); w.WriteBytes(fractional);
        });
        var request = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(good);
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(bad);
        });

        var detail = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/write", Body(request, "application/x-protobuf")), HttpStatusCode.BadRequest);

        Assert.Contains("rate_limited", detail, StringComparison.Ordinal);
        Assert.Contains("not a whole number", detail, StringComparison.Ordinal);
        var tenants = (TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!;
        Assert.DoesNotContain("team-bad", tenants.OpenTenants);
    }

    [Fact]
    public async Task RemoteWrite_HistogramOnlySeries_CountsAgainstSeriesLimits()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        await LimitsTests.SetLimitsAsync(admin, """{"max_series_per_metric": 1}""");

        var response = await sender.PostAsync("/api/v1/write", Body(HistogramSeries(("a", Now), ("b", Now)), "application/x-protobuf"));

        var detail = await HttpAssert.ProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Contains("max_series_per_metric (1)", detail, StringComparison.Ordinal);
        Assert.Contains("1 new series (1 samples) were not stored", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteWrite_HistogramSamples_CountAgainstTheSamplesRate()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var admin = host.CreateClient(await host.CreateTokenAsync(Role.Admin));
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        await LimitsTests.SetLimitsAsync(admin, """{"samples_per_second": 1, "samples_burst": 1}""");

        // A full bucket lets the first request through and leaves a debt of its three histogram
        // samples; were histograms free, the second would pass too.
        var first = await sender.PostAsync("/api/v1/write", Body(HistogramSeries(("a", Now), ("b", Now), ("c", Now)), "application/x-protobuf"));
        var second = await sender.PostAsync("/api/v1/write", Body(HistogramSeries(("a", Now + 1000)), "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Contains("samples_per_second (1/s)", await HttpAssert.ProblemAsync(second, HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtlpJson_ExponentialHistogram_StoredAsNativeHistogram()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-eh", ingest: true));
        var nanos = Now * 1_000_000;
        // Scale 1; positive OTLP buckets 0..2 (counts 1, 0, 2) and negative OTLP bucket -1 (count 3).
        var body = $$$"""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
              "scopeMetrics":[{"metrics":[{"name":"request.size","unit":"By","exponentialHistogram":{"aggregationTemporality":2,"dataPoints":[
                {"timeUnixNano":"{{{nanos}}}","count":"7","sum":12.5,"scale":1,"zeroCount":"1",
                 "positive":{"offset":0,"bucketCounts":["1","0","2"]},"negative":{"offset":-1,"bucketCounts":["3"]}}]}}]}]}]}
            """;

        var response = await client.PostAsync("/v1/metrics", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("rejected", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var (t, h) = Assert.Single(await HistogramsAsync(host, "team-eh", "request_size_bytes"));
        Assert.Equal(Now, t);
        Assert.Equal(1, h.Schema);
        Assert.Equal(1e-128, h.ZeroThreshold);
        Assert.Equal(1, h.ZeroCount);
        Assert.Equal(7, h.Count);
        Assert.Equal(12.5, h.Sum);

        // OTLP index i is Prometheus index i+1: positive 1..3 with the empty middle bucket kept (gap of one), negative 0.
        Assert.Equal([new HistogramSpan(1, 3)], h.PositiveSpans);
        Assert.Equal([1.0, 0, 2], h.PositiveBuckets);
        Assert.Equal([new HistogramSpan(0, 1)], h.NegativeSpans);
        Assert.Equal([3.0], h.NegativeBuckets);
    }

    [Fact]
    public async Task DotnetSdk_Base2ExponentialHistogram_StoredAsNativeHistogram()
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Viewer, "team-sdk-eh", ingest: true);
        var meterName = "eh-" + Guid.NewGuid().ToString("N")[..8];
        using var meter = new Meter(meterName);
        var latency = meter.CreateHistogram<double>("queue.latency", unit: "s");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddView("queue.latency", new Base2ExponentialBucketHistogramConfiguration())
            .AddOtlpExporter((o, reader) =>
            {
                o.Endpoint = new Uri(host.BaseAddress, "/v1/metrics");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Headers = "Authorization=Bearer " + token;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            latency.Record(0);
            latency.Record(1.5);
            latency.Record(3);
            latency.Record(6);
            Assert.True(provider.ForceFlush(10_000));
        }

        // ForceFlush and the provider's shutdown each export the cumulative point.
        var (_, h) = (await HistogramsAsync(host, "team-sdk-eh", "queue_latency_seconds"))[^1];

        // The SDK (max 160 buckets) settles at the largest scale whose buckets span 1.5..6: at scale s
        // the indexes are floor(log2(v)·2^s), i.e. 37, 101, 165 at scale 6 (129 buckets; scale 7
        // would need 257). Prometheus indexes are one higher, 64 apart: three one-bucket spans.
        Assert.Equal(6, h.Schema);
        Assert.Equal(4, h.Count);
        Assert.Equal(10.5, h.Sum);
        Assert.Equal(1, h.ZeroCount);
        Assert.Equal([new HistogramSpan(38, 1), new HistogramSpan(63, 1), new HistogramSpan(63, 1)], h.PositiveSpans);
        Assert.Equal([1.0, 1, 1], h.PositiveBuckets);
        Assert.Empty(h.NegativeSpans);
    }

    private static async Task<List<(long T, FloatHistogram H)>> HistogramsAsync(NinesTestHost host, string tenant, string name)
    {
        var head = (await ((TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!).GetAsync(tenant)).Head;
        var series = Assert.Single(head.Select([Matcher.Create(MatcherType.Equal, "__name__", name)], long.MinValue, long.MaxValue));
        var found = new List<(long, FloatHistogram)>();
        var it = series.GetIterator();
        while (it.MoveNext())
        {
            Assert.True(it.IsHistogram, "a float sample in a histogram series");
            found.Add((it.Timestamp, it.Histogram!));
        }

        return found;
    }

    // WriteRequest with one series rpc_duration_seconds{pod} and one integer histogram per entry.
    private static ByteString HistogramSeries(params (string Pod, long Timestamp)[] series) => Message(w =>
    {
        foreach (var (pod, timestamp) in series)
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(ts =>
            {
                WriteLabel(ts, 1, "__name__", "rpc_duration_seconds");
                WriteLabel(ts, 1, "pod", pod);
                ts.WriteTag(4, WireFormat.WireType.LengthDelimited); ts.WriteBytes(IntegerHistogram(timestamp));
            }));
        }
    });

    private static ByteArrayContent Body(ByteString request, string contentType)
    {
        var content = new ByteArrayContent(Snappier.Snappy.CompressToArray(request.ToByteArray()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        content.Headers.ContentEncoding.Add("snappy");
        return content;
    }

    private static void WriteLabel(CodedOutputStream w, int field, string name, string value)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(Message(l =>
        {
            l.WriteTag(1, WireFormat.WireType.LengthDelimited); l.WriteString(name);
            l.WriteTag(2, WireFormat.WireType.LengthDelimited); l.WriteString(value);
        }));
    }

    // BucketSpan{sint32 offset = 1; uint32 length = 2}.
    private static ByteString Span(int offset, uint length) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.Varint); w.WriteSInt32(offset);
        w.WriteTag(2, WireFormat.WireType.Varint); w.WriteUInt32(length);
    });

    // A packed repeated field's payload is the values back to back.
    private static ByteString Packed(Action<CodedOutputStream> write) => Message(write);
}
