namespace Nines.Metrics.Downsampling;

/// <summary>
/// Which of a downsampled window's aggregates a query reads (Thanos' AggrChunk model: count, sum,
/// min, max, counter). <see cref="Average"/> is not stored: it is sum ÷ count of the same window.
/// </summary>
public enum DownsampleAggregate
{
    /// <summary>Number of raw samples in the window.</summary>
    Count,

    /// <summary>Sum of the raw samples in the window.</summary>
    Sum,

    /// <summary>Smallest raw sample in the window.</summary>
    Min,

    /// <summary>Largest raw sample in the window.</summary>
    Max,

    /// <summary>
    /// The window's last raw sample plus, when the counter reset inside the window, the two samples
    /// around its last reset (the one before carrying the increase since the previous kept sample):
    /// rate(), increase() and resets() over it see the same increase as over the raw samples.
    /// </summary>
    Counter,

    /// <summary>Sum ÷ count per window (what plain selectors and avg_over_time read).</summary>
    Average,
}
