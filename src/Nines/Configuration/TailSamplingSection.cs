using System.ComponentModel;

namespace Nines.Configuration;

/// <summary>Section <c>pipeline.tail_sampling</c>.</summary>
public sealed class TailSamplingSection
{
    /// <summary>Hold traces for a decision.</summary>
    [Description("Hold spans per trace and decide whole traces; false stores spans as they arrive.")]
    public bool Enabled { get; set; }

    /// <summary>How long after its first span a trace waits.</summary>
    [Description("How long after its first span a trace waits for the rest before it is decided.")]
    public TimeSpan DecisionWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Traces held at once, per tenant.</summary>
    [Description("Traces held at once per tenant; beyond it the oldest are decided early (counted).")]
    public int MaxTraces { get; set; } = 10_000;

    /// <summary>Spans held at once, per tenant.</summary>
    [Description("Spans held at once per tenant; beyond it the oldest traces are decided early (counted).")]
    public int MaxSpans { get; set; } = 200_000;

    /// <summary>Duration from which a trace is kept.</summary>
    [Description("A trace whose root span (or, without one, longest span) lasts at least this long is kept.")]
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of fast, successful traces kept.</summary>
    [Description("Share (0 to 1) of the fast, successful traces kept, decided from the trace id.")]
    public double Probability { get; set; } = 0.1;

    /// <summary>How often due traces are decided.</summary>
    [Description("How often traces whose wait is over are decided.")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);
}
