namespace Nines.Events;

/// <summary>A stored span. Ids are lowercase hex; attributes, resource, events and links are JSON text (null when empty).</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    int Kind,
    long StartUnixNano,
    long EndUnixNano,
    int StatusCode,
    string? StatusMessage,
    string? Scope,
    string? TraceState,
    string? Attributes,
    string? Resource,
    string? Events,
    string? Links)
{
    /// <summary>End minus start.</summary>
    public long DurationNano => EndUnixNano - StartUnixNano;
}
