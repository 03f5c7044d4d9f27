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
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType, "http/protobuf")]
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
    public async Task Export_TruncatedProtobuf_400()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var content = new ByteArrayContent([0x0a, 0xff, 0x01, 0x0a]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");
        await HttpAssert.ProblemAsync(await client.PostAsync("/v1/metrics", content), HttpStatusCode.BadRequest);
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
        await HttpAssert.ProblemAsync(await client.PostAsync("/v1/metrics", content), HttpStatusCode.RequestEntityTooLarge);
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
