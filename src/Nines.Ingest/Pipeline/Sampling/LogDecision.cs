namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>What <see cref="LogSampler"/> decided about one record.</summary>
internal enum LogDecision
{
    /// <summary>Stored.</summary>
    Kept,

    /// <summary>Dropped by the service's ratio.</summary>
    DroppedRatio,

    /// <summary>Dropped by the service's per-second cap.</summary>
    DroppedRate,
}
