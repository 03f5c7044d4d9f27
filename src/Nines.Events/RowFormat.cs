namespace Nines.Events;

/// <summary>
/// The row encoding shared by <see cref="EventBatch"/>, the events WAL and the inserter.
/// Span: tag 1, trace id (16), span id (8), has-parent (1), parent id (8), kind (1), status (1),
/// start and end (int64 LE), then length-prefixed UTF-8: service, name, status message, scope,
/// trace state, attributes, resource, events, links. Log: tag 2, time and observed time (int64 LE),
/// severity (1), id flags (1: bit 0 trace id, bit 1 span id), trace id (16), span id (8), then
/// service, severity text, body, scope, attributes, resource. Lengths are uint32 LE;
/// <see cref="NullLength"/> marks a missing string.
/// </summary>
internal static class RowFormat
{
    public const byte SpanTag = 1;
    public const byte LogTag = 2;
    public const uint NullLength = uint.MaxValue;
}
