using Nines.Metrics.Head;

namespace Nines.Metrics.Storage;

/// <summary>Options of <see cref="MetricsStorage"/>; validated when the storage opens.</summary>
public sealed class MetricsStorageOptions
{
    /// <summary>WAL segment size in bytes before a new segment is cut (Prometheus: 128 MiB); 64 KiB to 1 GiB.</summary>
    public long SegmentSizeBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Largest WAL record payload in bytes; a bigger batch is rejected. 1 KiB to 256 MiB.</summary>
    public int MaxRecordBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Batches waiting for group commit before appenders wait; bounds memory with <see cref="MaxRecordBytes"/>. 1 to 65536.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>How long an appender waits for room in a full queue before back-pressure is reported.</summary>
    public TimeSpan QueueFullTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Read buffer of WAL replay in bytes; replay memory stays near this plus the largest record. 4 KiB to 64 MiB.</summary>
    public int ReplayBufferBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Time range of a block cut from the head (Prometheus' min block duration, 2 h): once the head
    /// spans 1.5 ranges, its oldest aligned range is persisted and the head and WAL truncated. 1 minute to 1 day.
    /// </summary>
    public TimeSpan BlockRange { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Largest block compaction produces (blocks merge in steps of 3×); null means 10% of
    /// <see cref="Retention"/> capped at 31 days, as Prometheus' max block duration.
    /// </summary>
    public TimeSpan? MaxBlockRange { get; set; }

    /// <summary>Blocks whose data is older than this (behind the newest sample) are deleted; zero keeps everything. Prometheus' default: 15 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(15);

    /// <summary>Largest total size of the blocks in bytes; the oldest blocks are deleted beyond it. Zero: no limit.</summary>
    public long RetentionSizeBytes { get; set; }

    /// <summary>
    /// Compacted blocks (level 2 and up) store chunks in Nines' dense encoding (columns + zstd)
    /// instead of Prometheus' XOR chunks: several times smaller, but promtool and Prometheus
    /// cannot read those blocks. Blocks cut from the head stay Prometheus-readable.
    /// </summary>
    public bool DenseCompactedBlocks { get; set; } = true;

    /// <summary>
    /// Write 5m and 1h downsampled blocks (count, sum, min, max and counter per window, as Thanos
    /// does) that long-range queries with coarse steps read instead of raw samples. Raw blocks are
    /// then kept by age until their data is downsampled.
    /// </summary>
    public bool Downsampling { get; set; } = true;

    /// <summary>5m downsampled blocks older than this (behind the newest sample) are deleted; zero keeps them. Default 90 days; not shorter than <see cref="Retention"/>.</summary>
    public TimeSpan Retention5m { get; set; } = TimeSpan.FromDays(90);

    /// <summary>1h downsampled blocks older than this are deleted; zero keeps them. Default 1 year; not shorter than <see cref="Retention5m"/>.</summary>
    public TimeSpan Retention1h { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Time range of one 5m downsampled block, written once the raw blocks hold the whole range (aligned to multiples of it).</summary>
    internal TimeSpan Downsample5mBlockRange { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Time range of one 1h downsampled block, written once the 5m blocks hold the whole range.</summary>
    internal TimeSpan Downsample1hBlockRange { get; set; } = TimeSpan.FromDays(10);

    /// <summary>How often the background maintenance (persist head, compact, retention) runs; zero disables it (tests call it directly).</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Exemplars kept per tenant in a ring (Prometheus' <c>storage.exemplars.max_exemplars</c>,
    /// default 100,000): the oldest is overwritten by the newest. Zero turns exemplar storage off. 0 to 10,000,000.
    /// </summary>
    public int MaxExemplars { get; set; } = 100_000;

    /// <summary>Options of the in-memory head.</summary>
    public HeadOptions Head { get; set; } = new();

    /// <summary>Block ranges compaction merges into: <see cref="BlockRange"/> × 3, × 9, … up to the maximum.</summary>
    internal List<long> CompactionRanges()
    {
        var max = MaxBlockRange ?? (Retention > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(Retention.Ticks / 10, TimeSpan.FromDays(31).Ticks)) : TimeSpan.FromDays(31));
        var ranges = new List<long>();
        for (var r = (long)BlockRange.TotalMilliseconds * 3; r <= (long)max.TotalMilliseconds; r *= 3)
        {
            ranges.Add(r);
        }

        return ranges;
    }

    internal void Validate()
    {
        if (SegmentSizeBytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentSizeBytes), SegmentSizeBytes, "MetricsStorageOptions.SegmentSizeBytes must be between 64 KiB and 1 GiB.");
        }

        if (MaxRecordBytes is < 1024 or > 256 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "MetricsStorageOptions.MaxRecordBytes must be between 1 KiB and 256 MiB.");
        }

        if (MaxExemplars is < 0 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxExemplars), MaxExemplars, "MetricsStorageOptions.MaxExemplars must be between 0 and 10,000,000.");
        }

        if (QueueCapacity is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "MetricsStorageOptions.QueueCapacity must be between 1 and 65536.");
        }

        if (QueueFullTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueFullTimeout), QueueFullTimeout, "MetricsStorageOptions.QueueFullTimeout must not be negative.");
        }

        if (ReplayBufferBytes is < 4096 or > 64 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplayBufferBytes), ReplayBufferBytes, "MetricsStorageOptions.ReplayBufferBytes must be between 4 KiB and 64 MiB.");
        }

        if (BlockRange < TimeSpan.FromMinutes(1) || BlockRange > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BlockRange), BlockRange, "MetricsStorageOptions.BlockRange must be between 1 minute and 1 day.");
        }

        if (MaxBlockRange is { } max && max < BlockRange)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBlockRange), max, "MetricsStorageOptions.MaxBlockRange must not be shorter than BlockRange.");
        }

        if (Retention < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Retention), Retention, "MetricsStorageOptions.Retention must not be negative.");
        }

        if (RetentionSizeBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RetentionSizeBytes), RetentionSizeBytes, "MetricsStorageOptions.RetentionSizeBytes must not be negative.");
        }

        if (Retention5m < TimeSpan.Zero || (Retention5m > TimeSpan.Zero && Retention > TimeSpan.Zero && Retention5m < Retention))
        {
            throw new ArgumentOutOfRangeException(nameof(Retention5m), Retention5m, "MetricsStorageOptions.Retention5m must be zero (keep) or not shorter than Retention.");
        }

        if (Retention1h < TimeSpan.Zero || (Retention1h > TimeSpan.Zero && Retention5m > TimeSpan.Zero && Retention1h < Retention5m))
        {
            throw new ArgumentOutOfRangeException(nameof(Retention1h), Retention1h, "MetricsStorageOptions.Retention1h must be zero (keep) or not shorter than Retention5m.");
        }

        if (MaintenanceInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaintenanceInterval), MaintenanceInterval, "MetricsStorageOptions.MaintenanceInterval must not be negative.");
        }

        ArgumentNullException.ThrowIfNull(Head, nameof(Head));
        Head.Validate();
    }
}
