namespace Nines.Query.Engine;

/// <summary>
/// A range vector over all steps: the series' samples plus, per step, the window end (the time the
/// window is evaluated at, after offset and @) and the range. Window = [end - range, end], closed
/// on both sides as in Prometheus 2.x (3.x excludes the start).
/// </summary>
internal sealed class RangeValue(List<RawSeries> series, long[] windowEnds, long rangeMs) : EvalValue
{
    public List<RawSeries> Series { get; } = series;

    public long[] WindowEnds { get; } = windowEnds;

    public long RangeMs { get; } = rangeMs;
}
