namespace Nines.Events;

/// <summary>One log record as ingest hands it to <see cref="EventBatch.AddLog"/>; see <see cref="SpanEntry"/> for the conventions.</summary>
public readonly ref struct LogEntry
{
    /// <summary>Event time, Unix nanoseconds (0 when unknown: the observed time is used).</summary>
    public long TimeUnixNano { get; init; }

    /// <summary>When the collector or SDK saw the record, Unix nanoseconds.</summary>
    public long ObservedUnixNano { get; init; }

    /// <summary>The resource's <c>service.name</c>.</summary>
    public string Service { get; init; }

    /// <summary>OTLP severity number (0 unspecified, 1–4 trace … 21–24 fatal).</summary>
    public int SeverityNumber { get; init; }

    /// <summary>Severity text as sent.</summary>
    public string? SeverityText { get; init; }

    /// <summary>The body: a string as is, structured bodies as JSON text.</summary>
    public string? Body { get; init; }

    /// <summary>16-byte trace id, or empty.</summary>
    public ReadOnlySpan<byte> TraceId { get; init; }

    /// <summary>8-byte span id, or empty.</summary>
    public ReadOnlySpan<byte> SpanId { get; init; }

    /// <summary>Instrumentation scope name.</summary>
    public string? Scope { get; init; }

    /// <summary>Log attributes, a UTF-8 JSON object.</summary>
    public ReadOnlySpan<byte> AttributesJson { get; init; }

    /// <summary>Resource attributes, a UTF-8 JSON object.</summary>
    public ReadOnlySpan<byte> ResourceJson { get; init; }
}
