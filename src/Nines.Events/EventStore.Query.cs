namespace Nines.Events;

/// <summary>The read surface for the query issues and tests. Queries run on the thread pool (DuckDB calls block).</summary>
public sealed partial class EventStore
{
    /// <summary>Every span of a trace in the tenant, by start time; empty when there is none.</summary>
    public Task<IReadOnlyList<SpanRecord>> GetTraceAsync(string tenant, string traceId, CancellationToken cancellationToken = default)
    {
        var tables = Tables();
        return Task.Run(() => tables.GetTrace(tenant, traceId), cancellationToken);
    }

    /// <summary>Spans matching <paramref name="query"/>, newest first.</summary>
    public Task<IReadOnlyList<SpanRecord>> FindSpansAsync(SpanQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tables = Tables();
        return Task.Run(() => tables.FindSpans(query), cancellationToken);
    }

    /// <summary>Log records matching <paramref name="query"/>, newest first.</summary>
    public Task<IReadOnlyList<LogRecord>> FindLogsAsync(LogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tables = Tables();
        return Task.Run(() => tables.FindLogs(query), cancellationToken);
    }

    private Storage.EventTables Tables() => _tables ?? throw new InvalidOperationException("The events store is not open.");
}
