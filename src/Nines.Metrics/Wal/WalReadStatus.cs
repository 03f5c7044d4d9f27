namespace Nines.Metrics.Wal;

/// <summary>Outcome of reading the next record of a segment.</summary>
internal enum WalReadStatus
{
    /// <summary>A complete record with a valid checksum.</summary>
    Record,

    /// <summary>Clean end of the segment: no byte after the last record.</summary>
    End,

    /// <summary>The segment ends inside a record: what a crash during a write leaves.</summary>
    Torn,

    /// <summary>A complete record whose checksum, type or length is wrong.</summary>
    Corrupt,
}
