namespace Nines.Metrics.Wal;

/// <summary>What WAL replay found when the storage opened.</summary>
public sealed class WalReplayReport
{
    /// <summary>The checkpoint replayed before the segments, or null.</summary>
    public string? Checkpoint { get; internal set; }

    /// <summary>Segments read (fully or up to the first bad record).</summary>
    public int Segments { get; internal set; }

    /// <summary>Valid records read.</summary>
    public long Records { get; internal set; }

    /// <summary>Series entries read from series records (a series can be written more than once).</summary>
    public long Series { get; internal set; }

    /// <summary>Samples read from samples records.</summary>
    public long Samples { get; internal set; }

    /// <summary>Native-histogram samples read from histogram-samples records.</summary>
    public long Histograms { get; internal set; }

    /// <summary>Exemplars read from exemplar records and stored again.</summary>
    public long Exemplars { get; internal set; }

    /// <summary>Samples (float or histogram) the head rejected on replay as out of order or duplicate, exactly as it did before the crash.</summary>
    public long RejectedSamples { get; internal set; }

    /// <summary>Samples (float or histogram) whose series record was never found (lost with a quarantined segment).</summary>
    public long UnknownSeriesSamples { get; internal set; }

    /// <summary>Bytes of valid records read.</summary>
    public long Bytes { get; internal set; }

    /// <summary>Torn or corrupt records found (0 or 1: reading stops at the first).</summary>
    public int CorruptRecords { get; internal set; }

    /// <summary>Bytes cut from the end of the last segment (a torn tail after a crash).</summary>
    public long TruncatedBytes { get; internal set; }

    /// <summary>Segment names moved aside because an earlier-than-last segment was corrupt; empty normally.</summary>
    public IReadOnlyList<string> QuarantinedSegments { get; internal set; } = [];

    /// <summary>Where quarantined segments went, or null.</summary>
    public string? QuarantineDirectory { get; internal set; }

    /// <summary>Largest read buffer replay held, in bytes (the memory bound of streaming replay).</summary>
    public int MaxBufferedBytes { get; internal set; }

    /// <summary>Replay duration, measured with the storage's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Duration { get; internal set; }
}
