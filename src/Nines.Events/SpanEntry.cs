namespace Nines.Events;

/// <summary>
/// One span as ingest hands it to <see cref="EventBatch.AddSpan"/>. Ids are raw bytes (16 and 8);
/// the JSON fields are UTF-8 JSON text (objects for attributes and resource, arrays for events
/// and links) that the store keeps as written, so ingest formats them once into a reused buffer.
/// </summary>
public readonly ref struct SpanEntry
{
    /// <summary>16-byte trace id.</summary>
    public ReadOnlySpan<byte> TraceId { get; init; }

    /// <summary>8-byte span id.</summary>
    public ReadOnlySpan<byte> SpanId { get; init; }

    /// <summary>8-byte parent span id; empty for a root span.</summary>
    public ReadOnlySpan<byte> ParentSpanId { get; init; }

    /// <summary>The resource's <c>service.name</c>.</summary>
    public string Service { get; init; }

    /// <summary>Span name.</summary>
    public string Name { get; init; }

    /// <summary>OTLP span kind (0 unspecified … 5 consumer).</summary>
    public int Kind { get; init; }

    /// <summary>Start, Unix nanoseconds.</summary>
    public long StartUnixNano { get; init; }

    /// <summary>End, Unix nanoseconds.</summary>
    public long EndUnixNano { get; init; }

    /// <summary>OTLP status code (0 unset, 1 ok, 2 error).</summary>
    public int StatusCode { get; init; }

    /// <summary>Status message.</summary>
    public string? StatusMessage { get; init; }

    /// <summary>Instrumentation scope name.</summary>
    public string? Scope { get; init; }

    /// <summary>W3C trace state.</summary>
    public string? TraceState { get; init; }

    /// <summary>Span attributes, a UTF-8 JSON object.</summary>
    public ReadOnlySpan<byte> AttributesJson { get; init; }

    /// <summary>Resource attributes, a UTF-8 JSON object.</summary>
    public ReadOnlySpan<byte> ResourceJson { get; init; }

    /// <summary>Span events, a UTF-8 JSON array.</summary>
    public ReadOnlySpan<byte> EventsJson { get; init; }

    /// <summary>Span links, a UTF-8 JSON array.</summary>
    public ReadOnlySpan<byte> LinksJson { get; init; }
}
