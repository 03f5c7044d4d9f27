namespace Nines.Ingest.Otlp;

/// <summary>
/// Outcome of translating one OTLP metrics export: the counts that go into
/// <c>ExportMetricsPartialSuccess</c> (rejected data points and the first error message).
/// </summary>
public sealed class OtlpMetricsResult
{
    /// <summary>Data points translated into series samples.</summary>
    public int DataPointsAccepted { get; internal set; }

    /// <summary>Data points that could not be translated (for <c>rejected_data_points</c>).</summary>
    public int DataPointsRejected { get; internal set; }

    /// <summary>Series samples written into the batch (a classic histogram point yields several; an exponential one, one native-histogram sample).</summary>
    public int SamplesWritten { get; internal set; }

    /// <summary>Exemplars translated (of sums and histogram buckets).</summary>
    public int ExemplarsWritten { get; internal set; }

    /// <summary>The first problem, in words, or <c>null</c> (for <c>error_message</c>).</summary>
    public string? ErrorMessage { get; private set; }

    internal void Reject(int points, string message)
    {
        DataPointsRejected += points;
        ErrorMessage ??= message;
    }
}
