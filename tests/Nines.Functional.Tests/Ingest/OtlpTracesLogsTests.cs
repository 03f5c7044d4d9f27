using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Nines.Core.Security;
using Nines.Events;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;
using Nines.Ingest.Otlp.Proto.Trace.V1;
using Nines.Testing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nines.Functional.Tests.Ingest;

/// <summary>The real OpenTelemetry .NET SDK exports traces and logs to Nines; hand-written OTLP/JSON and bad input.</summary>
public sealed class OtlpTracesLogsTests
{
    [Theory]
    [InlineData("main-port")]
    [InlineData("otlp-http-port")]
    [InlineData("otlp-grpc-port")]
    public async Task DotnetSdk_ExportsSpans_TraceReadBackExactly(string transport)
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Viewer, "team-otel", ingest: true);
        var sourceName = "checkout-" + Guid.NewGuid().ToString("N")[..8];
        using var source = new ActivitySource(sourceName);
        string traceId;
        string rootId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("checkout", serviceInstanceId: "pod-1"))
            .AddSource(sourceName)
            .AddOtlpExporter(o => Configure(o, host, transport, "/v1/traces", token))
            .Build())
        {
            using (var root = source.StartActivity("GET /cart", ActivityKind.Server)!)
            {
                root.SetTag("http.route", "/cart");
                root.SetTag("http.response.status_code", 500);
                root.SetStatus(ActivityStatusCode.Error, "boom");
                traceId = root.TraceId.ToHexString();
                rootId = root.SpanId.ToHexString();
                using var child = source.StartActivity("SELECT cart", ActivityKind.Client)!;
                child.AddEvent(new ActivityEvent("retry"));
            }

            Assert.True(provider.ForceFlush(60_000));
        }

        var store = await FlushedStoreAsync(host);
        var spans = await store.GetTraceAsync("team-otel", traceId);

        Assert.Equal(["GET /cart", "SELECT cart"], spans.Select(s => s.Name));
        var (rootSpan, childSpan) = (spans[0], spans[1]);
        Assert.Equal(traceId, rootSpan.TraceId);
        Assert.Equal(rootId, rootSpan.SpanId);
        Assert.Null(rootSpan.ParentSpanId);
        Assert.Equal(rootId, childSpan.ParentSpanId);
        Assert.Equal("checkout", rootSpan.Service);
        Assert.Equal(2, rootSpan.Kind);
        Assert.Equal(3, childSpan.Kind);
        Assert.Equal(2, rootSpan.StatusCode);
        Assert.Equal("boom", rootSpan.StatusMessage);
        Assert.Equal(sourceName, rootSpan.Scope);
        using var attributes = JsonDocument.Parse(rootSpan.Attributes!);
        Assert.Equal("/cart", attributes.RootElement.GetProperty("http.route").GetString());
        Assert.Equal(500, attributes.RootElement.GetProperty("http.response.status_code").GetInt64());
        using var resource = JsonDocument.Parse(rootSpan.Resource!);
        Assert.Equal("pod-1", resource.RootElement.GetProperty("service.instance.id").GetString());
        Assert.Contains("\"retry\"", childSpan.Events, StringComparison.Ordinal);
        Assert.Empty(await store.GetTraceAsync("default", traceId));
    }

    [Theory]
    [InlineData("main-port")]
    [InlineData("otlp-http-port")]
    [InlineData("otlp-grpc-port")]
    public async Task DotnetSdk_ExportsLogs_RecordsReadBackExactly(string transport)
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Viewer, "team-otel", ingest: true);
        string traceId;
        using (var loggers = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("billing"));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => Configure(e, host, transport, "/v1/logs", token));
        })))
        {
            var logger = loggers.CreateLogger("Billing.Payments");
            using var activity = new Activity("pay").Start();
            traceId = activity.TraceId.ToHexString();
#pragma warning disable CA1848, CA2254 // The test logs as an application would.
            logger.LogError("Payment {OrderId} declined", 42);
            logger.LogInformation("Payment {OrderId} retried", 43);
#pragma warning restore CA1848, CA2254
        }

        var store = await FlushedStoreAsync(host);
        var logs = await store.FindLogsAsync(new LogQuery { Tenant = "team-otel" });

        Assert.Equal(2, logs.Count);
        var error = Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "team-otel", MinSeverity = 17 }));
        Assert.Equal("Payment 42 declined", error.Body);
        Assert.Equal("billing", error.Service);
        Assert.Equal(17, error.SeverityNumber);
        Assert.Equal(traceId, error.TraceId);
        Assert.Equal("Billing.Payments", error.Scope);
        using var attributes = JsonDocument.Parse(error.Attributes!);
        Assert.Equal(42, attributes.RootElement.GetProperty("OrderId").GetInt64());
        Assert.Equal("Payment 43 retried", Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "team-otel", Contains = "retried" })).Body);
    }

    [Fact]
    public async Task Json_TracesAsInTheSpec_StoredWithHexIdsAndJsonAnswer()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        // Shaped like the OTLP/JSON example of the spec: hex ids, integer enums, int64 as strings, an unknown field.
        // Times within retention: the spec's 2018 example would be dropped as expired.
        var start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000) + 123;
        var body = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
              "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},
                "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173",
                  "name":"I'm a server span","startTimeUnixNano":"{{{start}}}","endTimeUnixNano":{{{start + 1_000_000_000}}},"kind":2,
                  "attributes":[{"key":"my.span.attr","value":{"intValue":"42"}}],"status":{"code":2},"futureField":{"x":1}}]}]}]}
            """;

        var response = await client.PostAsync("/v1/traces", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using (var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Empty(answer.RootElement.EnumerateObject());
        }

        var span = Assert.Single(await (await FlushedStoreAsync(host)).GetTraceAsync("default", "5b8efff798038103d269b633813fc60c"));
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Equal("eee19b7ec3c1b173", span.ParentSpanId);
        Assert.Equal("my.service", span.Service);
        Assert.Equal(start, span.StartUnixNano);
        Assert.Equal(1_000_000_000, span.DurationNano);
        Assert.Equal(2, span.Kind);
        Assert.Equal(2, span.StatusCode);
        Assert.Equal("my.library", span.Scope);
        Assert.Equal("""{"my.span.attr":42}""", span.Attributes);
    }

    [Fact]
    public async Task Json_Logs_StoredWithTraceContextAndSeverity()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var time = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000_000) + 300_000_000;
        var body = $$$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
              "scopeLogs":[{"scope":{"name":"my.library"},
                "logRecords":[{"timeUnixNano":"{{{{time}}}}","observedTimeUnixNano":"{{{{time + 1}}}}","severityNumber":10,
                  "severityText":"Information","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "body":{"stringValue":"Example log record"},
                  "attributes":[{"key":"string.attribute","value":{"stringValue":"some string"}},{"key":"boolean.attribute","value":{"boolValue":true}},
                    {"key":"array.attribute","value":{"arrayValue":{"values":[{"stringValue":"many"},{"doubleValue":2.5}]}}}]}]}]}]}
            """;

        var response = await client.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = Assert.Single(await (await FlushedStoreAsync(host)).FindLogsAsync(new LogQuery { Tenant = "default" }));
        Assert.Equal("Example log record", log.Body);
        Assert.Equal(time, log.TimeUnixNano);
        Assert.Equal(time + 1, log.ObservedUnixNano);
        Assert.Equal(10, log.SeverityNumber);
        Assert.Equal("Information", log.SeverityText);
        Assert.Equal("5b8efff798038103d269b633813fc60c", log.TraceId);
        Assert.Equal("eee19b7ec3c1b174", log.SpanId);
        Assert.Equal("""{"string.attribute":"some string","boolean.attribute":true,"array.attribute":["many",2.5]}""", log.Attributes);
    }

    [Fact]
    public async Task Restart_AfterAcknowledgedJsonLogs_LogsStillThere()
    {
        var data = Path.Combine(Path.GetTempPath(), "nines-restart-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
            await using (var host = await NinesTestHost.StartAsync(dataPath: data))
            {
                using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
                var body = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + time + "\",\"body\":{\"stringValue\":\"before restart\"}}]}]}]}";
                var response = await client.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await using var restarted = await NinesTestHost.StartAsync(dataPath: data);
            var log = Assert.Single(await (await FlushedStoreAsync(restarted)).FindLogsAsync(new LogQuery { Tenant = "default" }));
            Assert.Equal("before restart", log.Body);
            Assert.Equal(time, log.TimeUnixNano);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Protobuf_SpanWithZeroTraceId_PartialSuccessCountsIt()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var request = new ExportTraceServiceRequest();
        var scope = new ScopeSpans();
        scope.Spans.Add(new Span { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7, 8), Name = "bad" });
        scope.Spans.Add(new Span { TraceId = ByteString.CopyFrom(Enumerable.Repeat((byte)7, 16).ToArray()), SpanId = ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7, 8), Name = "good", StartTimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 });
        var resourceSpans = new ResourceSpans();
        resourceSpans.ScopeSpans.Add(scope);
        request.ResourceSpans.Add(resourceSpans);
        var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");

        var response = await client.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("trace id", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("good", Assert.Single(await (await FlushedStoreAsync(host)).GetTraceAsync("default", "07070707070707070707070707070707")).Name);
    }

    [Theory]
    [InlineData("/v1/traces", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\"}]}]}]}", "traceId")]
    [InlineData("/v1/traces", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8e\",\"spanId\":\"eee19b7ec3c1b174\"}]}]}]}", "32 hex digits")]
    [InlineData("/v1/logs", "{\"resourceLogs\":[", "not valid JSON")]
    [InlineData("/v1/metrics", "[1,2]", "JSON object")]
    [InlineData("/v1/logs", "{\"resourceLogs\":{\"a\":1}}", "ExportLogsServiceRequest")]
    public async Task Json_BadInput_400WithJsonStatus(string path, string body, string hint)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));

        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, status.RootElement.GetProperty("code").GetInt32());
        Assert.Contains(hint, status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await (await FlushedStoreAsync(host)).FindLogsAsync(new LogQuery { Tenant = "default" }));
    }

    [Theory]
    [InlineData("/v1/traces")]
    [InlineData("/v1/logs")]
    public async Task Protobuf_Truncated_400WithProtobufStatus(string path)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var content = new ByteArrayContent([0x0a, 0xff, 0x01, 0x0a]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var status = Nines.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, status.Code);
        Assert.Contains("Export", status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/traces")]
    [InlineData("/v1/logs")]
    public async Task Gzip_Bomb_413(string path)
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
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("decompressed", status.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_NoToken_Unauthenticated_NothingStored()
    {
        await using var host = await NinesTestHost.StartAsync();
        var sourceName = "anon-" + Guid.NewGuid().ToString("N")[..8];
        using var source = new ActivitySource(sourceName);
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (host.OtlpGrpcAddress!, OtlpExportProtocol.Grpc))
            .Build())
        {
            source.StartActivity("sneaky")?.Dispose();
            provider.ForceFlush(10_000);
        }

        Assert.Empty(await (await FlushedStoreAsync(host)).FindSpansAsync(new SpanQuery { Tenant = "default" }));
    }

    private static void Configure(OtlpExporterOptions o, NinesTestHost host, string transport, string path, string token)
    {
        (o.Endpoint, o.Protocol) = transport switch
        {
            "main-port" => (new Uri(host.BaseAddress, path), OtlpExportProtocol.HttpProtobuf),
            "otlp-http-port" => (new Uri(host.OtlpHttpAddress!, path), OtlpExportProtocol.HttpProtobuf),
            _ => (host.OtlpGrpcAddress!, OtlpExportProtocol.Grpc),
        };
        o.Headers = "Authorization=Bearer " + token;
        // The exporter's 10 s default is too short on a loaded CI machine; a timed-out export is silently dropped.
        o.TimeoutMilliseconds = 60_000;
    }

    private static async Task<EventStore> FlushedStoreAsync(NinesTestHost host)
    {
        var store = (EventStore)host.Services.GetService(typeof(EventStore))!;
        await store.FlushAsync();
        return store;
    }
}
