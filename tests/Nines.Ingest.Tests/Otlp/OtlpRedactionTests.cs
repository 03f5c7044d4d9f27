using Google.Protobuf;
using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Logs.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Otlp.Proto.Trace.V1;
using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Ingest.Tests.Otlp;

public sealed class OtlpRedactionTests
{
    private static Redactor CreateSut(bool enabled = true) => new(new RedactionOptions { Enabled = enabled });

    private static KeyValue Kv(string key, AnyValue value) => new() { Key = key, Value = value };

    private static AnyValue Text(string value) => new() { StringValue = value };

    private static ExportTraceServiceRequest Traces(params KeyValue[] attributes)
    {
        var span = new Span { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]), Name = "op" };
        span.Attributes.Add(attributes);
        span.Events.Add(new Span.Types.Event { Name = "e", Attributes = { Kv("to", Text("b@example.org")) } });
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new Resource { Attributes = { Kv("owner", Text("ops@example.com")) } },
            ScopeSpans = { new ScopeSpans { Spans = { span } } },
        });
        return request;
    }

    [Fact]
    public void Redact_TracesWithSecretsAtEveryLevel_ReplacedInPlace()
    {
        var request = Traces(
            Kv("user", Text("ada@example.com")),
            Kv("db.password", new AnyValue { IntValue = 1234 }),
            Kv("nested", new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("card", Text("4111111111111111")), Kv("apiKey", Text("x")) } } }),
            Kv("list", new AnyValue { ArrayValue = new ArrayValue { Values = { Text("Bearer abcdefghijkl"), new AnyValue { BoolValue = true } } } }));

        OtlpRedaction.Redact(request, CreateSut());

        var resourceSpans = request.ResourceSpans[0];
        var span = resourceSpans.ScopeSpans[0].Spans[0];
        Assert.Equal("[REDACTED:email]", span.Attributes[0].Value.StringValue);
        Assert.Equal(Redactor.DeniedKeyReplacement, span.Attributes[1].Value.StringValue);
        Assert.Equal("[REDACTED:card]", span.Attributes[2].Value.KvlistValue.Values[0].Value.StringValue);
        Assert.Equal(Redactor.DeniedKeyReplacement, span.Attributes[2].Value.KvlistValue.Values[1].Value.StringValue);
        Assert.Equal("Bearer [REDACTED:bearer]", span.Attributes[3].Value.ArrayValue.Values[0].StringValue);
        Assert.True(span.Attributes[3].Value.ArrayValue.Values[1].BoolValue);
        Assert.Equal("[REDACTED:email]", span.Events[0].Attributes[0].Value.StringValue);
        Assert.Equal("[REDACTED:email]", resourceSpans.Resource.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Redact_CleanTraces_StringsAreTheSameInstances()
    {
        var route = Text("/checkout/{id}");
        var request = Traces(Kv("http.route", route));
        request.ResourceSpans[0].Resource.Attributes[0].Value = Text("team-a");
        var before = route.StringValue;

        OtlpRedaction.Redact(request, CreateSut());

        Assert.Same(before, request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Redact_Disabled_NothingChanged()
    {
        var request = Traces(Kv("user", Text("ada@example.com")));

        OtlpRedaction.Redact(request, CreateSut(enabled: false));

        Assert.Equal("ada@example.com", request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Redact_LogBodyStringAndStructured_Redacted()
    {
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(new ResourceLogs
        {
            ScopeLogs =
            {
                new ScopeLogs
                {
                    LogRecords =
                    {
                        new LogRecord { Body = Text("login by ada@example.com") },
                        new LogRecord { Body = new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("password", Text("hunter2")) } } } },
                    },
                },
            },
        });

        OtlpRedaction.Redact(request, CreateSut());

        var logs = request.ResourceLogs[0].ScopeLogs[0].LogRecords;
        Assert.Equal("login by [REDACTED:email]", logs[0].Body.StringValue);
        Assert.Equal(Redactor.DeniedKeyReplacement, logs[1].Body.KvlistValue.Values[0].Value.StringValue);
    }
}
