using System.Net;
using Google.Protobuf;
using Nines.Core.Security;
using Nines.Metrics.Histograms;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Testing;
using Nines.Testing.Peers;
using static Nines.Functional.Tests.Ingest.HandProtobuf;

namespace Nines.Functional.Tests.Ingest;

/// <summary>
/// Debian's real Prometheus (native histograms on) scrapes a target exposing one native histogram in
/// the protobuf exposition format and remote-writes it (1.0, <c>send_native_histograms</c>) into
/// Nines: the stored histogram is the exposed one, bucket for bucket.
/// </summary>
public sealed class PrometheusNativeHistogramTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nines-promnh-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly CancellationTokenSource _stop = new();
    private PrometheusPeer? _prometheus;
    private HttpListener? _target;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _target?.Close();
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RealPrometheus_ScrapesAndRemoteWritesNativeHistogram_StoredAsExposed()
    {
        await using var nines = await NinesTestHost.StartAsync();
        var token = await nines.CreateTokenAsync(Role.Viewer, "team-promnh", ingest: true, name: "prometheus");
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, token);
        var targetPort = PrometheusPeer.FreePort();
        StartTarget(targetPort);
        _prometheus = await PrometheusPeer.StartAsync($"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: target
                static_configs: [{"{"} targets: ["127.0.0.1:{targetPort}"] {"}"}]
            remote_write:
              - url: {nines.BaseAddress}api/v1/write
                authorization: {"{"} credentials_file: {tokenFile} {"}"}
                send_native_histograms: true
                queue_config: {"{"} batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s {"}"}
            """, ["--enable-feature=native-histograms"]);

        var tenants = (TenantMetricsStorage)nines.Services.GetService(typeof(TenantMetricsStorage))!;
        var selector = new[] { Matcher.Create(MatcherType.Equal, "__name__", "rpc_latency_seconds"), Matcher.Create(MatcherType.Equal, "job", "target") };
        FloatHistogram? stored = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); stored is null && DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            if (!tenants.OpenTenants.Contains("team-promnh"))
            {
                continue;
            }

            var storage = await tenants.GetAsync("team-promnh");
            foreach (var series in storage.Head.Select(selector, long.MinValue, long.MaxValue))
            {
                var it = series.GetIterator();
                while (it.MoveNext())
                {
                    stored = it.IsHistogram ? it.Histogram : stored;
                }
            }
        }

        Assert.NotNull(stored);
        Assert.Equal(1, stored!.Schema);
        Assert.Equal(0.001, stored.ZeroThreshold);
        Assert.Equal(2, stored.ZeroCount);
        Assert.Equal(12, stored.Count);
        Assert.Equal(18.4, stored.Sum);
        Assert.Equal([new HistogramSpan(-1, 2), new HistogramSpan(2, 1)], stored.PositiveSpans);
        Assert.Equal([2.0, 3, 1], stored.PositiveBuckets);
        Assert.Equal([new HistogramSpan(0, 1)], stored.NegativeSpans);
        Assert.Equal([4.0], stored.NegativeBuckets);
    }

    // One MetricFamily, length-prefixed, in the protobuf exposition format Prometheus negotiates
    // when native histograms are on (io.prometheus.client, prompb/io/prometheus/client/metrics.proto):
    // MetricFamily{name=1, help=2, type=3 (HISTOGRAM=4), metric=4}; Metric{histogram=7};
    // Histogram{sample_count=1, sample_sum=2, schema=5, zero_threshold=6, zero_count=7,
    // negative_span=9, negative_delta=10, positive_span=12, positive_delta=13}; BucketSpan{offset=1, length=2}.
    private static byte[] Exposition()
    {
        static ByteString Span(int offset, uint length) => Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.Varint); w.WriteSInt32(offset);
            w.WriteTag(2, WireFormat.WireType.Varint); w.WriteUInt32(length);
        });

        var histogram = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.Varint); w.WriteUInt64(12);
            w.WriteTag(2, WireFormat.WireType.Fixed64); w.WriteDouble(18.4);
            w.WriteTag(5, WireFormat.WireType.Varint); w.WriteSInt32(1);
            w.WriteTag(6, WireFormat.WireType.Fixed64); w.WriteDouble(0.001);
            w.WriteTag(7, WireFormat.WireType.Varint); w.WriteUInt64(2);
            w.WriteTag(9, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(0, 1));
            w.WriteTag(10, WireFormat.WireType.LengthDelimited); w.WriteBytes(Message(p => p.WriteSInt64(4)));
            w.WriteTag(12, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(-1, 2));
            w.WriteTag(12, WireFormat.WireType.LengthDelimited); w.WriteBytes(Span(2, 1));
            w.WriteTag(13, WireFormat.WireType.LengthDelimited); w.WriteBytes(Message(p => { p.WriteSInt64(2); p.WriteSInt64(1); p.WriteSInt64(-2); }));
        });
        var family = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteString("rpc_latency_seconds");
            w.WriteTag(2, WireFormat.WireType.LengthDelimited); w.WriteString("RPC latency.");
            w.WriteTag(3, WireFormat.WireType.Varint); w.WriteEnum(4);
            w.WriteTag(4, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(m => { m.WriteTag(7, WireFormat.WireType.LengthDelimited); m.WriteBytes(histogram); }));
        });
        return Message(w => w.WriteBytes(family)).ToByteArray();
    }

    private void StartTarget(int port)
    {
        _target = new HttpListener();
        _target.Prefixes.Add($"http://127.0.0.1:{port}/");
        _target.Start();
        var body = Exposition();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _target.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                context.Response.ContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
    }
}
