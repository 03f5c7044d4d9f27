namespace Nines.Events;

/// <summary>A stored log record. Ids are lowercase hex or null; attributes and resource are JSON text (null when empty).</summary>
public sealed record LogRecord(
    long TimeUnixNano,
    long ObservedUnixNano,
    string Service,
    int SeverityNumber,
    string? SeverityText,
    string? Body,
    string? TraceId,
    string? SpanId,
    string? Scope,
    string? Attributes,
    string? Resource);
