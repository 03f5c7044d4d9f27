using Nines.Metrics.Downsampling;

namespace Nines.Query;

/// <summary>
/// What a selection is for (as Prometheus' <c>storage.SelectHints</c>): the function the selected
/// samples feed, the range and step. A source may use them to read downsampled data; it then says
/// so in <see cref="Aggregate"/>, <see cref="Resolution"/> and <see cref="Info"/>.
/// </summary>
public sealed class SelectHints
{
    /// <summary>The function applied to a range selector (<c>rate</c>, <c>max_over_time</c>, …); null for an instant selector.</summary>
    public string? Function { get; init; }

    /// <summary>The range of a range selector in milliseconds; 0 for an instant selector.</summary>
    public long RangeMs { get; init; }

    /// <summary>The evaluation step in milliseconds; 0 for an instant query.</summary>
    public long StepMs { get; init; }

    /// <summary>The lookback delta of instant selectors in milliseconds.</summary>
    public long LookbackMs { get; init; }

    /// <summary>Set by the source: the downsampled aggregate it returned, or null for raw samples.</summary>
    public DownsampleAggregate? Aggregate { get; set; }

    /// <summary>Set by the source with <see cref="Aggregate"/>: the coarsest resolution read (milliseconds).</summary>
    public long Resolution { get; set; }

    /// <summary>Set by the source: a note for the response's <c>infos</c>.</summary>
    public string? Info { get; set; }
}
