namespace Nines.Query;

/// <summary>A successful query's value with the warnings and infos Prometheus would add.</summary>
public sealed record QueryResult(QueryValue Value, IReadOnlyList<string> Warnings, IReadOnlyList<string> Infos)
{
    /// <summary>Samples the query loaded from storage (for the query log and limits).</summary>
    public long SamplesTouched { get; init; }

    /// <summary>Most samples the query held in memory at once (Prometheus' peakSamples).</summary>
    public long PeakSamples { get; init; }
}
