namespace Nines.Query;

/// <summary>Limits of the Prometheus-compatible query API (<c>/api/v1/query</c> and friends).</summary>
public sealed class QueryApiOptions
{
    /// <summary>Queries one tenant may run at once (Prometheus' <c>--query.max-concurrency</c> is 20 for the whole server).</summary>
    public int MaxConcurrentQueriesPerTenant { get; set; } = 8;

    /// <summary>Queries of one tenant that may wait for a slot; one more is answered 503 with Retry-After.</summary>
    public int MaxQueuedQueriesPerTenant { get; set; } = 16;

    /// <summary>Longest a query waits for a slot before it is answered 503.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds sent in Retry-After with a 503.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>File the query log is appended to (one JSON line per query); null: no query log.</summary>
    public string? LogPath { get; set; }

    /// <summary>The engine's limits (lookback, timeout, samples, points).</summary>
    public QueryEngineOptions Engine { get; set; } = new();

    /// <summary>Checks the settings; throws with the name of the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentQueriesPerTenant, 1, "query.max_concurrent_per_tenant");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxQueuedQueriesPerTenant, "query.max_queued_per_tenant");
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAfterSeconds, 1, "query.retry_after_seconds");
        ArgumentOutOfRangeException.ThrowIfNegative(Engine.MaxSeries, "query.max_series");
        ArgumentOutOfRangeException.ThrowIfLessThan(Engine.MaxSamples, 1, "query.max_samples");
        if (QueueTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("query.queue_timeout", QueueTimeout, "must not be negative");
        }
    }
}
