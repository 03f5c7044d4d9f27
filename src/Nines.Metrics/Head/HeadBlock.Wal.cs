using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

public sealed partial class HeadBlock
{
    /// <summary>
    /// The labels of series <paramref name="id"/>, or null. The WAL uses it to write every series
    /// again at the start of a new segment after a restart, since ids are reassigned by replay.
    /// </summary>
    internal LabelSet? GetSeriesLabels(uint id) => GetSeries(id)?.Labels;
}
