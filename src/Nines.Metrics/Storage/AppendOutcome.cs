namespace Nines.Metrics.Storage;

/// <summary>Per-batch result of <see cref="MetricsStorage.AppendAsync"/>: every sample is counted in exactly one field.</summary>
/// <param name="Accepted">Samples stored (durable and queryable).</param>
/// <param name="OutOfOrder">Samples older than their series' newest sample, or older than the head's range (already persisted in a block); not stored.</param>
/// <param name="Duplicate">Samples at a timestamp the series already has; not stored.</param>
public readonly record struct AppendOutcome(int Accepted, int OutOfOrder, int Duplicate);
