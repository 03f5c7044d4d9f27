namespace Nines.Events;

/// <summary>Settings of the logs and spans store.</summary>
public sealed class EventsOptions
{
    /// <summary>How long spans and logs are kept; whole days older than this are dropped.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Rows of one signal (spans or logs, counted apart) that trigger a DuckDB insert of that
    /// signal before <see cref="FlushInterval"/> has passed. Such an insert takes whole DuckDB row
    /// groups of that signal's table (122,880 rows each) and leaves the rest for the next one: full row groups are written compressed straight to the database file (2.5× faster than
    /// through DuckDB's own WAL), and a partly filled one would be recompressed at every checkpoint
    /// (half the CPU per row went there). Flushes for time insert everything pending.
    /// </summary>
    public int FlushRows { get; init; } = 122_880;

    /// <summary>Longest time an acknowledged row waits before it is inserted and visible to queries.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Encoded bytes acknowledged or waiting but not yet inserted; past this, appends are refused (back-pressure).</summary>
    public long MaxPendingBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>How long an append waits for room before it is refused.</summary>
    public TimeSpan QueueFullTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Size at which the events write-ahead log starts a new segment.</summary>
    public long WalSegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>DuckDB's memory limit (its own syntax, e.g. <c>1GB</c>).</summary>
    public string MemoryLimit { get; init; } = "1GB";

    /// <summary>Throws with the setting's name when a value is out of range.</summary>
    public void Validate()
    {
        if (Retention < TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Retention), Retention, "events retention must be at least 1 day (data is dropped by whole days)");
        }

        if (FlushRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushRows), FlushRows, "events flush rows must be positive");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushInterval), FlushInterval, "events flush interval must be positive");
        }

        if (MaxPendingBytes < 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "events max pending bytes must be at least 1 MiB");
        }

        if (WalSegmentBytes < 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(WalSegmentBytes), WalSegmentBytes, "events WAL segment size must be at least 1 MiB");
        }
    }
}
