using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Nines.Core.Security;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;
using Nines.Testing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Nines.Functional.Tests.Ingest;

/// <summary>The real OpenTelemetry .NET SDK exports metrics over OTLP/HTTP (protobuf) to Nines.</summary>
public sealed class OtlpMetricsTests
{
    [Theory]
    [InlineData("main-port")]
    [InlineData("otlp-http-port")]
    [InlineData("otlp-grpc-port")]
    public async Task DotnetSdk_ExportsCounterAndHistogram_StoredAsPrometheusSeries(string transport)
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Viewer, "team-otel", ingest: true, name: "otel-sdk");
        var meterName = "checkout-" + Guid.NewGuid().ToString("N")[..8];
        using var meter = new Meter(meterName);
        var orders = meter.CreateCounter<long>("orders", unit: "{order}");
        var duration = meter.CreateHistogram<double>("checkout.duration", unit: "s");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("checkout", serviceNamespace: "shop", serviceInstanceId: "pod-1"))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                (o.Endpoint, o.Protocol) = transport switch
                {
                    "main-port" => (new Uri(host.BaseAddress, "/v1/metrics"), OtlpExportProtocol.HttpProtobuf),
                    "otlp-http-port" => (new Uri(host.OtlpHttpAddress!, "/v1/metrics"), OtlpExportProtocol.HttpProtobuf),
                    _ => (host.OtlpGrpcAddress!, OtlpExportProtocol.Grpc),
                };
                o.Headers = "Authorization=Bearer " + token;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            orders.Add(3);
            duration.Record(0.25);
            duration.Record(0.75);
            Assert.True(provider.ForceFlush(10_000));
        }

        var tenants = (TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!;
        var head = (await tenants.GetAsync("team-otel")).Head;
        Assert.Equal(3.0, Last(head, "orders_total"));
        Assert.Equal(2.0, Last(head, "checkout_duration_seconds_count"));
        Assert.Equal(1.0, Last(head, "checkout_duration_seconds_sum"));
        var series = Assert.Single(head.Select([Matcher.Create(MatcherType.Equal, "__name__", "orders_total")], long.MinValue, long.MaxValue));
        Assert.Equal("shop/checkout", series.Labels.Get("job"));
        Assert.Equal("pod-1", series.Labels.Get("instance"));
        Assert.NotEmpty(head.Select([Matcher.Create(MatcherType.Equal, "__name__", "target_info")], long.MinValue, long.MaxValue));
        Assert.DoesNotContain("default", tenants.OpenTenants);
    }

    [Theory]
    [InlineData("application/grpc", HttpStatusCode.UnsupportedMediaType, "application/json")]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType, "application/x-protobuf")]
    public async Task Export_WrongContentType_415(string contentType, HttpStatusCode status, string hint)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var detail = await HttpAssert.ProblemAsync(await client.PostAsync("/v1/metrics", content), status);
        Assert.Contains(hint, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_GaugeAsInTheSpec_StoredAndAnsweredInJson()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-json", ingest: true));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        // OTLP/JSON: int64 as a string or as a number, integer enums, unknown fields ignored, exemplar ids in hex.
        var body = $$$"""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
              "scopeMetrics":[{"scope":{"name":"my.library"},"metrics":[
                {"name":"my.gauge","futureField":true,"gauge":{"dataPoints":[
                  {"asInt":"10","timeUnixNano":"{{{now}}}","attributes":[{"key":"shard","value":{"intValue":3}}],
                   "exemplars":[{"asDouble":1.5,"timeUnixNano":{{{now}}},"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}},
                {"name":"my.counter","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"asDouble":5,"startTimeUnixNano":{{{now - 1_000_000_000}}},"timeUnixNano":{{{now}}}}]}}]}]}]}
            """;

        var response = await client.PostAsync("/v1/metrics", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var head = (await ((TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!).GetAsync("team-json")).Head;
        Assert.Equal(10.0, Last(head, "my_gauge"));
        Assert.Equal(5.0, Last(head, "my_counter_total"));
    }

    [Fact]
    public async Task Export_TruncatedProtobuf_400()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var content = new ByteArrayContent([0x0a, 0xff, 0x01, 0x0a]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");
        var response = await client.PostAsync("/v1/metrics", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, Nines.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Code);
    }

    [Fact]
    public async Task Export_GzipBomb_413()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 40; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        var response = await client.PostAsync("/v1/metrics", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("decompressed", Nines.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_NoToken_Unauthenticated_NothingStored()
    {
        await using var host = await NinesTestHost.StartAsync();
        var meterName = "anon-" + Guid.NewGuid().ToString("N")[..8];
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("sneaky");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                o.Endpoint = host.OtlpGrpcAddress!;
                o.Protocol = OtlpExportProtocol.Grpc;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            counter.Add(1);
            Assert.False(provider.ForceFlush(10_000));
        }

        var tenants = (TenantMetricsStorage)host.Services.GetService(typeof(TenantMetricsStorage))!;
        Assert.Empty(tenants.OpenTenants);
    }

    private static double Last(HeadBlock head, string name)
    {
        var series = Assert.Single(head.Select([Matcher.Create(MatcherType.Equal, "__name__", name)], long.MinValue, long.MaxValue));
        var it = series.GetIterator();
        var value = double.NaN;
        while (it.MoveNext())
        {
            value = it.Value;
        }

        return value;
    }
}
