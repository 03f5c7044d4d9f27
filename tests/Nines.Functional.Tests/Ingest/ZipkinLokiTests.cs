using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Nines.Core.Security;
using Nines.Events;
using Nines.Testing;
using static Nines.Functional.Tests.Ingest.HandProtobuf;

namespace Nines.Functional.Tests.Ingest;

/// <summary>Zipkin v2 and Loki push payloads written by hand from the public specs.</summary>
public sealed class ZipkinLokiTests
{
    private static readonly long NowMicros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    [Fact]
    public async Task Zipkin_V2Spans_StoredAsSpansWith128BitTraceIds()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-zipkin", ingest: true));
        // The shape of zipkin-api's Span model (as Brave and zipkin-js report it): 64-bit trace id, microseconds.
        var body = $$$"""
            [{"traceId":"86154a4ba6e91385","id":"86154a4ba6e91385","kind":"SERVER","name":"get /api","timestamp":{{{NowMicros}}},"duration":207000,
              "localEndpoint":{"serviceName":"frontend","ipv4":"127.0.0.1"},"remoteEndpoint":{"ipv4":"10.0.0.7","port":52834},
              "tags":{"http.method":"GET","http.path":"/api","error":"connection reset"},
              "annotations":[{"timestamp":{{{NowMicros + 10}}},"value":"wire.send"}]},
             {"traceId":"86154a4ba6e91385","parentId":"86154a4ba6e91385","id":"4d1e00c0db9010db","kind":"CLIENT","name":"get","timestamp":{{{NowMicros + 5}}},"duration":1000,
              "localEndpoint":{"serviceName":"frontend"},"remoteEndpoint":{"serviceName":"backend"}}]
            """;

        var response = await client.PostAsync("/api/v2/spans", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var spans = await (await FlushedStoreAsync(host)).GetTraceAsync("team-zipkin", "000000000000000086154a4ba6e91385");
        Assert.Equal(["get /api", "get"], spans.Select(s => s.Name));
        var server = spans[0];
        Assert.Equal("frontend", server.Service);
        Assert.Equal(2, server.Kind);
        Assert.Equal(NowMicros * 1000, server.StartUnixNano);
        Assert.Equal(207_000_000, server.DurationNano);
        Assert.Equal(2, server.StatusCode);
        Assert.Equal("connection reset", server.StatusMessage);
        Assert.Equal("""{"http.method":"GET","http.path":"/api","net.peer.ip":"10.0.0.7","net.peer.port":52834}""", server.Attributes);
        Assert.Contains("wire.send", server.Events, StringComparison.Ordinal);
        Assert.Equal("86154a4ba6e91385", spans[1].ParentSpanId);
        Assert.Equal(3, spans[1].Kind);
        Assert.Equal("""{"peer.service":"backend"}""", spans[1].Attributes);
    }

    [Theory]
    [InlineData("""[{"traceId":"xyz","id":"86154a4ba6e91385","timestamp":1}]""", "traceId")]
    [InlineData("""[{"traceId":"86154a4ba6e91385","id":"86154a4ba6e91385"}]""", "timestamp")]
    [InlineData("""{"traceId":"86154a4ba6e91385"}""", "JSON array")]
    [InlineData("""[{"traceId":""", "not valid JSON")]
    public async Task Zipkin_BadSpans_400AndNothingStored(string body, string hint)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var good = $$"""{"traceId":"86154a4ba6e91385","id":"86154a4ba6e91386","name":"fine","timestamp":{{NowMicros}}}""";
        var payload = body.StartsWith('[') && body.EndsWith(']') ? "[" + good + "," + body[1..] : body;

        var detail = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v2/spans", new StringContent(payload, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.Contains(hint, detail, StringComparison.Ordinal);
        Assert.Empty(await (await FlushedStoreAsync(host)).FindSpansAsync(new SpanQuery { Tenant = "default" }));
    }

    [Fact]
    public async Task Loki_JsonPush_StoredWithLabelsLevelAndTraceContext()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-loki", ingest: true));
        var ns = NowMicros * 1000;
        var body = $$$$"""
            {"streams":[{"stream":{"service_name":"api","env":"prod","level":"error"},
              "values":[["{{{{ns}}}}","GET /orders 500 boom",{"trace_id":"5b8efff798038103d269b633813fc60c","user":"ada"}],
                        ["{{{{ns + 1}}}}","GET /orders 500 again"]]},
             {"stream":{"job":"nginx"},"values":[["{{{{ns + 2}}}}","127.0.0.1 - - GET / 200"]]}]}
            """;

        var response = await client.PostAsync("/loki/api/v1/push", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var store = await FlushedStoreAsync(host);
        var logs = await store.FindLogsAsync(new LogQuery { Tenant = "team-loki" });
        Assert.Equal(["127.0.0.1 - - GET / 200", "GET /orders 500 again", "GET /orders 500 boom"], logs.Select(l => l.Body));
        var first = logs[2];
        Assert.Equal(ns, first.TimeUnixNano);
        Assert.Equal("api", first.Service);
        Assert.Equal(17, first.SeverityNumber);
        Assert.Equal("error", first.SeverityText);
        Assert.Equal("5b8efff798038103d269b633813fc60c", first.TraceId);
        Assert.Equal("""{"trace_id":"5b8efff798038103d269b633813fc60c","user":"ada"}""", first.Attributes);
        Assert.Equal("""{"service_name":"api","env":"prod","level":"error"}""", first.Resource);
        Assert.Equal("nginx", logs[0].Service);
    }

    [Fact]
    public async Task Loki_SnappyProtobufPush_Stored()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-loki", ingest: true));
        var seconds = NowMicros / 1_000_000;
        // logproto.PushRequest by hand: streams(1){labels(1), entries(2){timestamp(1){seconds(1), nanos(2)}, line(2), structuredMetadata(3){name(1), value(2)}}}
        var timestamp = Message(w => { w.WriteTag(1, WireFormat.WireType.Varint); w.WriteInt64(seconds); w.WriteTag(2, WireFormat.WireType.Varint); w.WriteInt32(42); });
        var metadata = Message(w => { w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteString("span_id"); w.WriteTag(2, WireFormat.WireType.LengthDelimited); w.WriteString("eee19b7ec3c1b174"); });
        var entry = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(timestamp);
            w.WriteTag(2, WireFormat.WireType.LengthDelimited); w.WriteString("level=warn msg=\"disk almost full\"");
            w.WriteTag(3, WireFormat.WireType.LengthDelimited); w.WriteBytes(metadata);
        });
        var stream = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteString("{job=\"node\", detected_level=\"warn\", path=\"C:\\\\logs \\\"x\\\"\"}");
            w.WriteTag(2, WireFormat.WireType.LengthDelimited); w.WriteBytes(entry);
        });
        var push = Message(w => { w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(stream); });
        var content = new ByteArrayContent(Snappier.Snappy.CompressToArray(push.ToByteArray()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-protobuf");

        var response = await client.PostAsync("/loki/api/v1/push", content);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var log = Assert.Single(await (await FlushedStoreAsync(host)).FindLogsAsync(new LogQuery { Tenant = "team-loki" }));
        Assert.Equal("level=warn msg=\"disk almost full\"", log.Body);
        Assert.Equal((seconds * 1_000_000_000) + 42, log.TimeUnixNano);
        Assert.Equal("node", log.Service);
        Assert.Equal(13, log.SeverityNumber);
        Assert.Equal("eee19b7ec3c1b174", log.SpanId);
        using var resource = JsonDocument.Parse(log.Resource!);
        Assert.Equal("C:\\logs \"x\"", resource.RootElement.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("application/x-protobuf", new byte[] { 1, 2, 3, 4 }, HttpStatusCode.BadRequest)]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'x' }, HttpStatusCode.BadRequest)]
    [InlineData("text/plain", new byte[] { 1 }, HttpStatusCode.UnsupportedMediaType)]
    public async Task Loki_BadBody_Refused(string contentType, byte[] body, HttpStatusCode status)
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        await HttpAssert.ProblemAsync(await client.PostAsync("/loki/api/v1/push", content), status);
    }

    private static async Task<EventStore> FlushedStoreAsync(NinesTestHost host)
    {
        var store = (EventStore)host.Services.GetService(typeof(EventStore))!;
        await store.FlushAsync();
        return store;
    }
}
