namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>Tail sampling: whole traces are held briefly, then kept if they failed, were slow, or by chance.</summary>
public sealed class TailSamplingOptions
{
    /// <summary>How long after its first span a trace waits for the rest before it is decided.</summary>
    public TimeSpan DecisionWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Traces held at once; a new trace beyond this forces the oldest to be decided early.</summary>
    public int MaxTraces { get; init; } = 10_000;

    /// <summary>Spans held at once; beyond this the oldest traces are decided early.</summary>
    public int MaxSpans { get; init; } = 200_000;

    /// <summary>A trace whose root span (or, without a root, longest span) lasts at least this long is kept.</summary>
    public TimeSpan SlowThreshold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of the remaining (fast, successful) traces kept, decided from the trace id (0–1).</summary>
    public double Probability { get; init; } = 0.1;

    /// <summary>How often due traces are decided.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws with the setting's name when a value is out of range.</summary>
    public void Validate()
    {
        if (DecisionWait <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DecisionWait), DecisionWait, "tail sampling decision_wait must be positive");
        }

        if (MaxTraces < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTraces), MaxTraces, "tail sampling max_traces must be positive");
        }

        if (MaxSpans < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSpans), MaxSpans, "tail sampling max_spans must be positive");
        }

        if (SlowThreshold < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SlowThreshold), SlowThreshold, "tail sampling slow_threshold must not be negative");
        }

        if (Probability is < 0 or > 1 || double.IsNaN(Probability))
        {
            throw new ArgumentOutOfRangeException(nameof(Probability), Probability, "tail sampling probability must be between 0 and 1");
        }

        if (TickInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TickInterval), TickInterval, "tail sampling tick_interval must be positive");
        }
    }
}
