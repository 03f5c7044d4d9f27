namespace Nines.Events;

/// <summary>Spans of one tenant in a time range (by start), newest first.</summary>
public sealed class SpanQuery
{
    /// <summary>The tenant; required.</summary>
    public required string Tenant { get; init; }

    /// <summary>Inclusive start of the range (Unix ns).</summary>
    public long FromUnixNano { get; init; }

    /// <summary>Exclusive end of the range (Unix ns).</summary>
    public long ToUnixNano { get; init; } = long.MaxValue;

    /// <summary>Only this service.</summary>
    public string? Service { get; init; }

    /// <summary>Only spans with this name.</summary>
    public string? Name { get; init; }

    /// <summary>Only spans at least this long (ns).</summary>
    public long? MinDurationNano { get; init; }

    /// <summary>Span attributes that must equal these values (compared as text).</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>At most this many spans.</summary>
    public int Limit { get; init; } = 1000;
}
