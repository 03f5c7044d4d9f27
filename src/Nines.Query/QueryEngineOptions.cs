namespace Nines.Query;

/// <summary>Limits and defaults of the PromQL engine.</summary>
public sealed class QueryEngineOptions
{
    /// <summary>How far back an instant selector looks for a sample (Prometheus <c>--query.lookback-delta</c>).</summary>
    public TimeSpan LookbackDelta { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Step of subqueries written without one (<c>[1h:]</c>); Prometheus uses its <c>global.evaluation_interval</c>, 1m by default.</summary>
    public TimeSpan DefaultEvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest a query may run (Prometheus <c>--query.timeout</c>).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most samples a query may hold in memory at once (Prometheus <c>--query.max-samples</c>).</summary>
    public long MaxSamples { get; set; } = 50_000_000;

    /// <summary>Most series a query may select from storage, summed over its selectors; 0 means no limit.</summary>
    public long MaxSeries { get; set; }

    /// <summary>Most points a range query may return per series (Prometheus' 11,000).</summary>
    public int MaxPointsPerSeries { get; set; } = 11_000;
}
