namespace Nines.Metrics.Chunks;

/// <summary>Outcome of appending one sample; the hot path reports, it does not throw.</summary>
public enum AppendResult
{
    /// <summary>The sample was stored.</summary>
    Ok = 0,

    /// <summary>The timestamp is older than the newest stored sample; nothing was stored.</summary>
    OutOfOrder = 1,

    /// <summary>The timestamp equals the newest stored sample's; nothing was stored.</summary>
    Duplicate = 2,

    /// <summary>The chunk holds its maximum number of samples; the caller cuts a new chunk.</summary>
    ChunkFull = 3,

    /// <summary>The series id is unknown to the head.</summary>
    UnknownSeries = 4,

    /// <summary>The timestamp is before the head's range (that time is already persisted in a block); nothing was stored.</summary>
    OutOfBounds = 5,
}
