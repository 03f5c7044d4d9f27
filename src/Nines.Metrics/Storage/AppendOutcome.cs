namespace Nines.Metrics.Storage;

/// <summary>Per-batch result of <see cref="MetricsStorage.AppendAsync"/>: every sample is counted in exactly one field.</summary>
/// <param name="Accepted">Samples stored (durable and queryable).</param>
/// <param name="OutOfOrder">Samples older than their series' newest sample, or older than the head's range (already persisted in a block); not stored.</param>
/// <param name="Duplicate">Samples at a timestamp the series already has; not stored.</param>
public readonly record struct AppendOutcome(int Accepted, int OutOfOrder, int Duplicate)
{
    /// <summary>Native-histogram samples stored (also counted in <see cref="Accepted"/>).</summary>
    public int HistogramsAccepted { get; init; }

    /// <summary>Native-histogram samples at a timestamp their series already has (also counted in <see cref="Duplicate"/>).</summary>
    public int HistogramsDuplicate { get; init; }

    /// <summary>Exemplars stored.</summary>
    public int ExemplarsAccepted { get; init; }

    /// <summary>Exemplars equal to their series' newest one (a re-sent scrape or retried request); not stored again, not an error.</summary>
    public int ExemplarsDuplicate { get; init; }

    /// <summary>Exemplars not newer than their series' newest one, or with labels over 128 characters; not stored.</summary>
    public int ExemplarsRejected { get; init; }
}
