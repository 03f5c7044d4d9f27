namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Outcome of decoding one remote-write body: what was accepted, what was rejected per reason, and
/// the first error message (what a 400 body says). Never thrown; always returned.
/// </summary>
public sealed class RemoteWriteResult
{
    private readonly int[] _rejectedSeries = new int[Enum.GetValues<RejectReason>().Length];

    /// <summary>The most severe problem seen; <see cref="IngestErrorKind.None"/> when everything was accepted.</summary>
    public IngestErrorKind Error { get; private set; }

    /// <summary>The first problem found, in words, or <c>null</c>.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>The HTTP status the remote-write endpoint answers with (204, 400 or 413).</summary>
    public int StatusCode => Error switch
    {
        IngestErrorKind.None => 204,
        IngestErrorKind.PayloadTooLarge => 413,
        _ => 400,
    };

    /// <summary>Series accepted into the batch.</summary>
    public int SeriesAccepted { get; internal set; }

    /// <summary>Float samples accepted into the batch.</summary>
    public int SamplesAccepted { get; internal set; }

    /// <summary>Samples (float and native-histogram) belonging to rejected series.</summary>
    public int SamplesRejected { get; internal set; }

    /// <summary>Native-histogram samples accepted into the batch.</summary>
    public int HistogramsAccepted { get; internal set; }

    /// <summary>Exemplars dropped while decoding (invalid label names, invalid UTF-8, repeated names); the request still succeeds, as in Prometheus.</summary>
    public int ExemplarsSkipped { get; internal set; }

    /// <summary>Metadata entries seen but not stored yet.</summary>
    public int MetadataSkipped { get; internal set; }

    /// <summary>Total number of rejected series.</summary>
    public int SeriesRejected { get; private set; }

    /// <summary>How many series were rejected for <paramref name="reason"/>.</summary>
    public int GetSeriesRejected(RejectReason reason) => _rejectedSeries[(int)reason];

    internal bool WantsMessage => ErrorMessage is null;

    internal void Reject(RejectReason reason, int samples, string? message)
    {
        _rejectedSeries[(int)reason]++;
        SeriesRejected++;
        SamplesRejected += samples;
        if (Error == IngestErrorKind.None)
        {
            Error = IngestErrorKind.InvalidSeries;
        }

        ErrorMessage ??= message;
    }

    /// <summary>A request-level failure: nothing from the request is accepted.</summary>
    internal void Fail(IngestErrorKind kind, string message)
    {
        Error = kind;
        ErrorMessage = message;
        SeriesAccepted = 0;
        SamplesAccepted = 0;
        HistogramsAccepted = 0;
    }
}
