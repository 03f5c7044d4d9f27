namespace Nines.Metrics.Wal;

/// <summary>Record kinds, numbered as Prometheus' <c>tsdb/record</c> numbers its own (1 series, 2 samples, 4 exemplars, 7 histogram samples).</summary>
internal enum WalRecordType : byte
{
    /// <summary>Never written: a zeroed region reads as invalid instead of as a record.</summary>
    Invalid = 0,

    /// <summary>Series ids and their label sets, written once when a series is created (and again after a restart).</summary>
    Series = 1,

    /// <summary>A batch of (series id, timestamp, value), delta-encoded.</summary>
    Samples = 2,

    /// <summary>A batch of (series id, timestamp, value, labels) exemplars, delta-encoded (Prometheus' 3 is tombstones, unused here).</summary>
    Exemplars = 4,

    /// <summary>A batch of (series id, timestamp, native histogram), delta-encoded (Prometheus' 5 and 6 are metadata and mmap markers, unused here).</summary>
    HistogramSamples = 7,
}
