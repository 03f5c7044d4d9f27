namespace Nines.Metrics.Head;

/// <summary>Churn summed over a window; <see cref="FirstCreatedId"/> is uint.MaxValue when no series was created in it.</summary>
internal sealed class ChurnSnapshot
{
    public long Created { get; set; }

    public long Removed { get; set; }

    public uint FirstCreatedId { get; set; } = uint.MaxValue;

    public Dictionary<string, ChurnCounts> ByMetric { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ChurnCounts> ByLabelName { get; } = new(StringComparer.Ordinal);
}
