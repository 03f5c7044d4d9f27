using System.Buffers.Binary;
using System.Text;

namespace Nines.Events.Tests;

/// <summary>Spans and logs with ids derived from numbers, so a test can say which ones must exist.</summary>
internal static class TestData
{
    public static readonly long Now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    public static byte[] TraceId(long n)
    {
        var id = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(8), n);
        id[0] = 0xab;
        return id;
    }

    public static byte[] SpanId(long n)
    {
        var id = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, n);
        id[0] = 0xcd;
        return id;
    }

    public static string Hex(byte[] id) => Convert.ToHexStringLower(id);

    public static void AddSpan(EventBatch batch, long trace, long span, long? parent, string name, long start, string service = "checkout", string attributes = """{"http.method":"GET"}""")
    {
        batch.AddSpan(new SpanEntry
        {
            TraceId = TraceId(trace),
            SpanId = SpanId(span),
            ParentSpanId = parent is { } p ? SpanId(p) : default,
            Service = service,
            Name = name,
            Kind = 2,
            StartUnixNano = start,
            EndUnixNano = start + 1_500_000,
            StatusCode = 0,
            Scope = "tests",
            AttributesJson = Encoding.UTF8.GetBytes(attributes),
            ResourceJson = Encoding.UTF8.GetBytes($$"""{"service.name":"{{service}}"}"""),
            EventsJson = """[{"name":"retry","time_unix_nano":1}]"""u8,
        });
    }

    public static void AddLog(EventBatch batch, long time, string body, int severity = 9, string service = "checkout", long? trace = null)
    {
        batch.AddLog(new LogEntry
        {
            TimeUnixNano = time,
            ObservedUnixNano = time + 5,
            Service = service,
            SeverityNumber = severity,
            SeverityText = severity >= 17 ? "ERROR" : "INFO",
            Body = body,
            TraceId = trace is { } t ? TraceId(t) : default,
            SpanId = trace is { } s ? SpanId(s) : default,
            AttributesJson = """{"user":"ada"}"""u8,
        });
    }
}
