namespace Nines.Metrics.Head;

/// <summary>
/// Verdicts of a batch appended with <see cref="HeadBlock.AppendSamples"/>, accumulated by the
/// caller and published to the head's counters once per batch (<see cref="HeadBlock.Publish"/>)
/// instead of several interlocked operations per sample.
/// </summary>
internal struct AppendCounts
{
    public int Accepted;

    /// <summary>Older than the series' newest sample, or before the head's range (<see cref="Chunks.AppendResult.OutOfBounds"/>).</summary>
    public int OutOfOrder;

    public int Duplicate;

    /// <summary>Samples of a series id the head does not know.</summary>
    public int Unknown;

    public long MinTime;

    public long MaxTime;

    public AppendCounts()
    {
        MinTime = long.MaxValue;
        MaxTime = long.MinValue;
    }
}
