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

    /// <summary>Options of the in-memory head.</summary>
    public HeadOptions Head { get; set; } = new();

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

        ArgumentNullException.ThrowIfNull(Head, nameof(Head));
        Head.Validate();
    }
}
