namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>One service's sampling state, guarded by locking the instance.</summary>
internal sealed class LogServiceState(LogSamplingRule rule)
{
    public LogSamplingRule Rule { get; } = rule;

    /// <summary>Records without a trace id seen so far, for the exact 1-in-N ratio.</summary>
    public long Seen { get; set; }

    /// <summary>The Unix second being counted against <see cref="LogSamplingRule.MaxPerSecond"/>.</summary>
    public long Window { get; set; } = long.MinValue;

    public int InWindow { get; set; }
}
