using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Events;
using Nines.Testing;
using Nines.Testing.Peers;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nines.Functional.Tests.Ingest;

/// <summary>
/// The ingest pipeline on the real server: secrets sent by real clients come back redacted from the
/// store and the query API, and what sampling leaves out is counted per tenant on /metrics and the pipeline API.
/// </summary>
[Collection(SelfMetricsCollection.Name)]
public sealed class PipelineTests
{
    private const string Email = "ada@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string Token = "eyJhbGciOiJIUzI1NiJ9abcdef";

    private static readonly long NowNanos = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    [Fact]
    public async Task DotnetSdk_SpanWithSecretsOverGrpc_StoredRedacted()
    {
        await using var host = await NinesTestHost.StartAsync();
        var token = await host.CreateTokenAsync(Role.Viewer, "team-redact", ingest: true);
        var sourceName = "pay-" + Guid.NewGuid().ToString("N")[..8];
        using var source = new ActivitySource(sourceName);
        string traceId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("payments").AddAttributes([new("team.owner", "ops@example.com")]))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                (o.Endpoint, o.Protocol) = (host.OtlpGrpcAddress!, OtlpExportProtocol.Grpc);
                o.Headers = "Authorization=Bearer " + token;
                o.TimeoutMilliseconds = 60_000;
            })
            .Build())
        {
            using (var span = source.StartActivity("POST /pay", ActivityKind.Server)!)
            {
                span.SetTag("user.email", Email);
                span.SetTag("payment.note", $"card {Card} charged");
                span.SetTag("upstream.call", $"sent Bearer {Token} to billing");
                span.SetTag("db.password", "hunter2");
                span.SetTag("db.url", "postgres://app:hunter2@db:5432/pay");
                span.SetTag("http.route", "/pay");
                traceId = span.TraceId.ToHexString();
            }

            Assert.True(provider.ForceFlush(60_000));
        }

        var stored = Assert.Single(await (await FlushedStoreAsync(host)).GetTraceAsync("team-redact", traceId));

        using var attributes = JsonDocument.Parse(stored.Attributes!);
        var a = attributes.RootElement;
        Assert.Equal("[REDACTED:email]", a.GetProperty("user.email").GetString());
        Assert.Equal("card [REDACTED:card] charged", a.GetProperty("payment.note").GetString());
        Assert.Equal("sent Bearer [REDACTED:bearer] to billing", a.GetProperty("upstream.call").GetString());
        Assert.Equal("[REDACTED:key]", a.GetProperty("db.password").GetString());
        Assert.Equal("postgres://app:***@db:5432/pay", a.GetProperty("db.url").GetString());
        Assert.Equal("/pay", a.GetProperty("http.route").GetString());
        using var resource = JsonDocument.Parse(stored.Resource!);
        Assert.Equal("[REDACTED:email]", resource.RootElement.GetProperty("team.owner").GetString());
        Assert.DoesNotContain("hunter2", stored.Attributes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtlpJsonLog_SecretsInBodyAndAttributes_StoredRedacted()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var body = $$$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
              "scopeLogs":[{"logRecords":[{"timeUnixNano":"{{{{NowNanos}}}}","severityNumber":9,
                "body":{"stringValue":"charged {{{{Card}}}} for {{{{Email}}}}"},
                "attributes":[{"key":"http.request.header.authorization","value":{"stringValue":"Basic dXNlcjpwYXNz"}},
                  {"key":"details","value":{"kvlistValue":{"values":[{"key":"contact","value":{"stringValue":"{{{{Email}}}}"}}]}}},
                  {"key":"order","value":{"intValue":"42"}}]}]}]}]}
            """;

        var response = await client.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = Assert.Single(await (await FlushedStoreAsync(host)).FindLogsAsync(new LogQuery { Tenant = "default" }));
        Assert.Equal("charged [REDACTED:card] for [REDACTED:email]", log.Body);
        Assert.Equal("""{"http.request.header.authorization":"[REDACTED:key]","details":{"contact":"[REDACTED:email]"},"order":42}""", log.Attributes);
    }

    [Fact]
    public async Task LokiPushAndZipkin_SecretsInLinesLabelsAndTags_StoredRedacted()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var loki = $$$"""
            {"streams":[{"stream":{"service_name":"api","owner":"{{{Email}}}"},
              "values":[["{{{NowNanos}}}","GET /me Authorization: Bearer {{{Token}}} user={{{Email}}}",{"session_token":"abc123"}]]}]}
            """;
        var zipkin = $$$"""
            [{"traceId":"86154a4ba6e91385","id":"86154a4ba6e91385","name":"get","timestamp":{{{NowNanos / 1000}}},"duration":10,
              "localEndpoint":{"serviceName":"web"},"tags":{"customer":"{{{Email}}}","card":"{{{Card}}}","http.path":"/me"}}]
            """;

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/loki/api/v1/push", new StringContent(loki, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v2/spans", new StringContent(zipkin, Encoding.UTF8, "application/json"))).StatusCode);

        var store = await FlushedStoreAsync(host);
        var log = Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "default" }));
        Assert.Equal("GET /me Authorization: [REDACTED:authorization] user=[REDACTED:email]", log.Body);
        Assert.Equal("""{"service_name":"api","owner":"[REDACTED:email]"}""", log.Resource);
        Assert.Equal("""{"session_token":"[REDACTED:key]"}""", log.Attributes);
        var span = Assert.Single(await store.GetTraceAsync("default", "000000000000000086154a4ba6e91385"));
        Assert.Equal("""{"customer":"[REDACTED:email]","card":"[REDACTED:card]","http.path":"/me"}""", span.Attributes);
    }

    [Fact]
    public async Task RemoteWrite_SecretInLabelValue_QueryApiShowsRedactedSeries()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var sender = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var payload = new RemoteWritePayload()
            .Add(["__name__", "signups_total", "user", Email, "api_key", "k-123", "path", "/signup"], now, 1)
            .Add(["__name__", "signups_total", "user", "anonymous", "path", "/signup"], now, 2);
        var content = new ByteArrayContent(payload.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");

        Assert.Equal(HttpStatusCode.NoContent, (await sender.PostAsync("/api/v1/write", content)).StatusCode);

        var json = await viewer.GetStringAsync("/api/v1/series?match[]=signups_total");
        using var doc = JsonDocument.Parse(json);
        var series = doc.RootElement.GetProperty("data").EnumerateArray()
            .Select(s => (User: s.GetProperty("user").GetString(), Key: s.TryGetProperty("api_key", out var k) ? k.GetString() : null))
            .OrderBy(s => s.User, StringComparer.Ordinal).ToList();
        Assert.Equal([("[REDACTED:email]", "[REDACTED:key]"), ("anonymous", null)], series);
        Assert.DoesNotContain(Email, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadSampling_ProbabilityZeroAndOne_DropsAndKeepsWholeServicesAndCountsDrops()
    {
        await using var host = await NinesTestHost.StartAsync(o =>
        {
            o.Pipeline.HeadSampling.DefaultProbability = 0.0;
            o.Pipeline.HeadSampling.Services["checkout"] = 1.0;
        });
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-head", ingest: true));

        var response = await client.PostAsync("/v1/traces", Spans(("healthcheck", "00000000000000000000000000000a01", 0), ("healthcheck", "00000000000000000000000000000a02", 0),
            ("healthcheck", "00000000000000000000000000000a03", 0), ("checkout", "00000000000000000000000000000b01", 0)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = await FlushedStoreAsync(host);
        var spans = await store.FindSpansAsync(new SpanQuery { Tenant = "team-head" });
        Assert.Equal(["checkout"], spans.Select(s => s.Service));
        Assert.Equal(3, await MetricAsync(host, "nines_pipeline_dropped", "tenant=\"team-head\"", "reason=\"head_sampling\"", "signal=\"spans\""));
        using var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/nines/v1/pipeline"));
        Assert.Equal(0.0, pipeline.RootElement.GetProperty("head_sampling").GetProperty("default_probability").GetDouble());
        var drop = Assert.Single(pipeline.RootElement.GetProperty("dropped").EnumerateArray());
        Assert.Equal("head_sampling", drop.GetProperty("reason").GetString());
        Assert.Equal(3, drop.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task TenantOverride_HeadSamplingZeroForOneTenant_OtherTenantsKeepEverythingAndApiShowsIt()
    {
        await using var host = await NinesTestHost.StartAsync(o => o.Pipeline.Tenants["team-quiet"] = new TenantPipelineSection
        {
            HeadSampling = new HeadSamplingSection { DefaultProbability = 0 },
            Written = new HashSet<string>(["head_sampling.default_probability"]),
        });
        using var quiet = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-quiet", ingest: true));
        using var loud = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-loud", ingest: true));

        Assert.Equal(HttpStatusCode.OK, (await quiet.PostAsync("/v1/traces", Spans(("api", "00000000000000000000000000000c01", 0), ("api", "00000000000000000000000000000c02", 0)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await loud.PostAsync("/v1/traces", Spans(("api", "00000000000000000000000000000d01", 0)))).StatusCode);

        var store = await FlushedStoreAsync(host);
        Assert.Empty(await store.FindSpansAsync(new SpanQuery { Tenant = "team-quiet" }));
        Assert.Single(await store.FindSpansAsync(new SpanQuery { Tenant = "team-loud" }));
        using var quietReport = JsonDocument.Parse(await quiet.GetStringAsync("/api/nines/v1/pipeline"));
        Assert.Equal(0.0, quietReport.RootElement.GetProperty("head_sampling").GetProperty("default_probability").GetDouble());
        Assert.Equal(["head_sampling"], quietReport.RootElement.GetProperty("tenant_overrides").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, Assert.Single(quietReport.RootElement.GetProperty("dropped").EnumerateArray()).GetProperty("count").GetInt64());
        using var loudReport = JsonDocument.Parse(await loud.GetStringAsync("/api/nines/v1/pipeline"));
        Assert.Equal(1.0, loudReport.RootElement.GetProperty("head_sampling").GetProperty("default_probability").GetDouble());
        Assert.Empty(loudReport.RootElement.GetProperty("tenant_overrides").EnumerateArray());
    }

    [Fact]
    public async Task TailSampling_ProbabilityZero_KeepsTheErrorTraceDropsTheOthersAndCountsThem()
    {
        await using var host = await NinesTestHost.StartAsync(o =>
        {
            o.Pipeline.TailSampling.Enabled = true;
            o.Pipeline.TailSampling.Probability = 0;
            o.Pipeline.TailSampling.DecisionWait = TimeSpan.FromMilliseconds(300);
            o.Pipeline.TailSampling.TickInterval = TimeSpan.FromMilliseconds(100);
        });
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-tail", ingest: true));
        const string failed = "0000000000000000000000000000e001";

        var response = await client.PostAsync("/v1/traces", Spans(("api", failed, 2), ("api", failed, 0),
            ("api", "0000000000000000000000000000f001", 0), ("api", "0000000000000000000000000000f002", 1)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = (EventStore)host.Services.GetService(typeof(EventStore))!;
        IReadOnlyList<SpanRecord> kept = [];
        var deadline = Stopwatch.StartNew();
        while (kept.Count < 2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
            await store.FlushAsync();
            kept = await store.GetTraceAsync("team-tail", failed);
        }

        Assert.Equal(2, kept.Count);
        Assert.Empty(await store.GetTraceAsync("team-tail", "0000000000000000000000000000f001"));
        Assert.Empty(await store.GetTraceAsync("team-tail", "0000000000000000000000000000f002"));
        // Decisions land on the sampler's timer, so the counters may trail the stored trace by a tick.
        Assert.Equal(1, await MetricEventuallyAsync(host, 1, "nines_ingest_tail_sampling_traces", "tenant=\"team-tail\"", "decision=\"kept_error\""));
        Assert.Equal(2, await MetricEventuallyAsync(host, 2, "nines_ingest_tail_sampling_traces", "tenant=\"team-tail\"", "decision=\"dropped\""));
        Assert.Equal(2, await MetricEventuallyAsync(host, 2, "nines_pipeline_dropped", "tenant=\"team-tail\"", "reason=\"tail_sampling\""));
        using var pipeline = JsonDocument.Parse(await client.GetStringAsync("/api/nines/v1/pipeline"));
        var counts = pipeline.RootElement.GetProperty("tail_sampling").GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("kept_error").GetInt64());
        Assert.Equal(2, counts.GetProperty("dropped").GetInt64());
        Assert.Equal(0, counts.GetProperty("pending_traces").GetInt32());
    }

    [Fact]
    public async Task LogSampling_InfoRatioZero_WarnKeptInfoDroppedAndCountedForOtlpAndLoki()
    {
        await using var host = await NinesTestHost.StartAsync(o => o.Pipeline.LogSampling.DefaultRatio = 0);
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-logs", ingest: true));
        var otlp = $$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"worker"}}]},
              "scopeLogs":[{"logRecords":[
                {"timeUnixNano":"{{{NowNanos}}}","severityNumber":9,"body":{"stringValue":"info 1"}},
                {"timeUnixNano":"{{{NowNanos + 1}}}","severityNumber":5,"body":{"stringValue":"debug 1"}},
                {"timeUnixNano":"{{{NowNanos + 2}}}","severityNumber":13,"body":{"stringValue":"warn 1"}}]}]}]}
            """;
        var loki = $$$"""
            {"streams":[{"stream":{"service_name":"worker","level":"info"},"values":[["{{{NowNanos + 3}}}","info 2"],["{{{NowNanos + 4}}}","info 3"]]},
                        {"stream":{"service_name":"worker","level":"error"},"values":[["{{{NowNanos + 5}}}","error 1"]]}]}
            """;

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/logs", new StringContent(otlp, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/loki/api/v1/push", new StringContent(loki, Encoding.UTF8, "application/json"))).StatusCode);

        var logs = await (await FlushedStoreAsync(host)).FindLogsAsync(new LogQuery { Tenant = "team-logs" });
        Assert.Equal(["error 1", "warn 1"], logs.Select(l => l.Body));
        Assert.Equal(4, await MetricAsync(host, "nines_pipeline_dropped", "tenant=\"team-logs\"", "reason=\"log_sampling_ratio\"", "signal=\"logs\""));
    }

    [Fact]
    public async Task PipelineApi_Defaults_ShowsEffectiveConfigAndRedactionCounts()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var body = $$$"""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"{{{NowNanos}}}","body":{"stringValue":"mail {{{Email}}} and b@example.org"}}]}]}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/logs", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/nines/v1/pipeline"));

        var root = doc.RootElement;
        Assert.Equal("default", root.GetProperty("tenant").GetString());
        var redaction = root.GetProperty("redaction");
        Assert.True(redaction.GetProperty("enabled").GetBoolean());
        Assert.Contains("password", redaction.GetProperty("deny_keys").EnumerateArray().Select(k => k.GetString()));
        var email = redaction.GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "email");
        Assert.Equal(2, email.GetProperty("count").GetInt64());
        Assert.False(root.GetProperty("tail_sampling").GetProperty("enabled").GetBoolean());
        Assert.Equal("10s", root.GetProperty("tail_sampling").GetProperty("decision_wait").GetString());
        Assert.Equal(13, root.GetProperty("log_sampling").GetProperty("keep_all_from_severity").GetInt32());
        Assert.Empty(root.GetProperty("dropped").EnumerateArray());
        Assert.Equal(2, await MetricAsync(host, "nines_ingest_redactions", "rule=\"email\""));
    }

    [Fact]
    public async Task PipelineApi_Anonymous_401()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/api/nines/v1/pipeline");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>OTLP/JSON spans, one per (service, trace id, status code), each a 1 ms root span.</summary>
    private static StringContent Spans(params (string Service, string TraceId, int Status)[] spans)
    {
        var resources = spans.Select((s, i) => $$$"""
            {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{s.Service}}}"}}]},
             "scopeSpans":[{"spans":[{"traceId":"{{{s.TraceId}}}","spanId":"{{{(i + 1).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)}}}","name":"op",
               "startTimeUnixNano":"{{{NowNanos}}}","endTimeUnixNano":"{{{NowNanos + 1_000_000}}}","status":{"code":{{{s.Status}}}}}]}]}
            """);
        return new StringContent("{\"resourceSpans\":[" + string.Join(",", resources) + "]}", Encoding.UTF8, "application/json");
    }

    /// <summary>The value of the one /metrics line of <paramref name="name"/> carrying every label given.</summary>
    private static async Task<double> MetricAsync(NinesTestHost host, string name, params string[] labels)
    {
        using var viewer = host.CreateClient(await host.CreateTokenAsync(Role.Viewer));
        var text = await viewer.GetStringAsync("/metrics");
        var line = Assert.Single(text.Split('\n'), l => l.StartsWith(name, StringComparison.Ordinal) && labels.All(x => l.Contains(x, StringComparison.Ordinal)));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary><see cref="MetricAsync"/> polled for up to 10 s until it reads <paramref name="expected"/>; returns the last value read.</summary>
    private static async Task<double> MetricEventuallyAsync(NinesTestHost host, double expected, string name, params string[] labels)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await MetricAsync(host, name, labels);
            if (value == expected || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<EventStore> FlushedStoreAsync(NinesTestHost host)
    {
        var store = (EventStore)host.Services.GetService(typeof(EventStore))!;
        await store.FlushAsync();
        return store;
    }
}
