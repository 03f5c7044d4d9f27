using System.ComponentModel;
using Nines.Query;

namespace Nines.Configuration;

/// <summary>
/// Section <c>query</c>: limits of PromQL queries (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>
/// and everything built on them) and the query log. The names follow Prometheus' <c>--query.*</c> flags.
/// </summary>
public sealed class QueryOptions
{
    /// <summary><see cref="QueryEngineOptions.LookbackDelta"/>.</summary>
    [Description("How far back an instant selector looks for a sample, and how long a series without a staleness marker stays visible (Prometheus' --query.lookback-delta).")]
    public TimeSpan LookbackDelta { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><see cref="QueryEngineOptions.Timeout"/>.</summary>
    [Description("Longest a query may run; past it the answer is 503 with errorType timeout. A request's own timeout parameter can only shorten it (Prometheus' --query.timeout).")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary><see cref="QueryEngineOptions.MaxSamples"/>.</summary>
    [Description("Most samples one query may hold in memory at once; beyond it the answer is 422 (Prometheus' --query.max-samples).")]
    public long MaxSamples { get; set; } = 50_000_000;

    /// <summary><see cref="QueryEngineOptions.MaxSeries"/>.</summary>
    [Description("Most series one query may select from storage, over all its selectors; beyond it the answer is 422. 0: unlimited.")]
    public long MaxSeries { get; set; }

    /// <summary><see cref="QueryApiOptions.MaxConcurrentQueriesPerTenant"/>.</summary>
    [Description("Queries one tenant may run at once; more wait in the tenant's queue.")]
    public int MaxConcurrentPerTenant { get; set; } = 8;

    /// <summary><see cref="QueryApiOptions.MaxQueuedQueriesPerTenant"/>.</summary>
    [Description("Queries of one tenant that may wait for a running slot (at most 10s); one more gets 503 with Retry-After. 0: none wait.")]
    public int MaxQueuedPerTenant { get; set; } = 16;

    /// <summary>The query log's file; empty turns it off.</summary>
    [Description("File the query log is appended to, one JSON object a line per query (tenant, query, start/end/step, duration, samples, series, status), shaped like Prometheus' query log; a relative path is inside the data directory. Empty: no query log.")]
    public string? LogPath { get; set; }

    /// <summary>These options as the query module's.</summary>
    public QueryApiOptions ToApiOptions() => new()
    {
        MaxConcurrentQueriesPerTenant = MaxConcurrentPerTenant,
        MaxQueuedQueriesPerTenant = MaxQueuedPerTenant,
        LogPath = LogPath is { Length: > 0 } ? LogPath : null,
        Engine = new QueryEngineOptions
        {
            LookbackDelta = LookbackDelta,
            Timeout = Timeout,
            MaxSamples = MaxSamples,
            MaxSeries = MaxSeries,
        },
    };
}
