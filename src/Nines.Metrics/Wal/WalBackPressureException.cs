namespace Nines.Metrics.Wal;

/// <summary>
/// The WAL's bounded queue stayed full for the configured timeout: the disk cannot keep up.
/// Nothing of the batch was written; the ingest layer answers 429/503 with Retry-After.
/// </summary>
public sealed class WalBackPressureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WalBackPressureException()
        : base("The metrics WAL queue is full; retry later.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WalBackPressureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WalBackPressureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
