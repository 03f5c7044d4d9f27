namespace Nines.Events;

/// <summary>Log records of one tenant in a time range, newest first.</summary>
public sealed class LogQuery
{
    /// <summary>The tenant; required.</summary>
    public required string Tenant { get; init; }

    /// <summary>Inclusive start of the range (Unix ns).</summary>
    public long FromUnixNano { get; init; }

    /// <summary>Exclusive end of the range (Unix ns).</summary>
    public long ToUnixNano { get; init; } = long.MaxValue;

    /// <summary>Only this service.</summary>
    public string? Service { get; init; }

    /// <summary>Only records at or above this OTLP severity number (9 info, 13 warn, 17 error).</summary>
    public int? MinSeverity { get; init; }

    /// <summary>Only records whose body contains this text (case-sensitive, like LogQL's <c>|=</c>).</summary>
    public string? Contains { get; init; }

    /// <summary>Only records of this trace (lowercase hex).</summary>
    public string? TraceId { get; init; }

    /// <summary>At most this many records.</summary>
    public int Limit { get; init; } = 1000;
}
