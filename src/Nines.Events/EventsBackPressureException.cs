namespace Nines.Events;

/// <summary>
/// The events store is behind (its pending bytes or queue stayed full for the configured wait):
/// nothing of the batch was written. Ingest answers 503 (or gRPC UNAVAILABLE) with a retry delay.
/// </summary>
public sealed class EventsBackPressureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventsBackPressureException()
        : base("The events store is saturated; retry later.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventsBackPressureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public EventsBackPressureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
