using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Otlp.Proto.Trace.V1;
using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Benchmarks.Ingest;

/// <summary>
/// The cost redaction adds to the ingest hot path with the default rules: an OTLP traces export of
/// 512 spans with 8 realistic attributes each (no secrets: the common case, which must not
/// allocate), and 10k metric label values as a new remote-write series would carry them, clean
/// and with one e-mail address in every tenth value.
/// </summary>
[MemoryDiagnoser]
public class PipelineRedactionBenchmarks
{
    private readonly Redactor _redactor = new(new RedactionOptions());
    private ExportTraceServiceRequest _traces = new();
    private (string Name, string Value)[] _clean = [];
    private (string Name, string Value)[] _withEmails = [];

    [GlobalSetup]
    public void Setup()
    {
        var scope = new ScopeSpans();
        for (var i = 0; i < 512; i++)
        {
            var span = new Span { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]), Name = "GET /cart/{id}" };
            span.Attributes.Add(Kv("http.request.method", "GET"));
            span.Attributes.Add(Kv("http.route", "/cart/{id}"));
            span.Attributes.Add(Kv("url.full", $"https://shop.example.com/cart/{i}?currency=EUR"));
            span.Attributes.Add(Kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0"));
            span.Attributes.Add(Kv("server.address", "10.0.3.17"));
            span.Attributes.Add(Kv("db.statement", $"SELECT * FROM carts WHERE id = {i * 7919}"));
            span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } });
            span.Attributes.Add(Kv("order.id", $"ord-{i:D8}"));
            scope.Spans.Add(span);
        }

        _traces = new ExportTraceServiceRequest();
        _traces.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new Resource { Attributes = { Kv("service.name", "checkout"), Kv("k8s.pod.name", "checkout-7d9f8b6c5-x2x9k") } },
            ScopeSpans = { scope },
        });
        _clean = [.. Enumerable.Range(0, 10_000).Select(i => (i % 2 == 0 ? "instance" : "path", i % 2 == 0 ? $"10.0.{i % 256}.{i / 256}:9100" : $"/api/v1/items/{i}"))];
        _withEmails = [.. _clean.Select((l, i) => i % 10 == 0 ? ("user", $"user{i}@example.com") : l)];
    }

    [Benchmark]
    public int OtlpTraces512SpansClean()
    {
        OtlpRedaction.Redact(_traces, _redactor);
        return _traces.ResourceSpans.Count;
    }

    [Benchmark]
    public int LabelValues10kClean() => Labels(_clean);

    [Benchmark]
    public int LabelValues10kOneInTenEmail() => Labels(_withEmails);

    private int Labels((string Name, string Value)[] labels)
    {
        var changed = 0;
        foreach (var (name, value) in labels)
        {
            if (!ReferenceEquals(_redactor.RedactLabel(name, value), value))
            {
                changed++;
            }
        }

        return changed;
    }

    private static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
