namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>How a service's logs below the keep-all severity are sampled.</summary>
public sealed class LogSamplingRule
{
    /// <summary>Share kept (0–1). Records with a trace id follow the trace-id decision, so they match head-sampled traces.</summary>
    public double Ratio { get; init; } = 1.0;

    /// <summary>Most records kept per second after the ratio; 0 means no cap.</summary>
    public int MaxPerSecond { get; init; }
}
