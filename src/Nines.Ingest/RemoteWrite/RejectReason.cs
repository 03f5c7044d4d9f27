namespace Nines.Ingest.RemoteWrite;

/// <summary>Why one series was dropped from an otherwise decodable request.</summary>
public enum RejectReason
{
    /// <summary>The series has no labels at all (Prometheus TSDB: "empty labelset").</summary>
    EmptyLabelSet = 0,

    /// <summary>No <c>__name__</c> label, or it is empty.</summary>
    MissingMetricName,

    /// <summary>The <c>__name__</c> value does not match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    InvalidMetricName,

    /// <summary>A label name does not match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    InvalidLabelName,

    /// <summary>A label name occurs twice in one series (Prometheus TSDB: "label name is not unique").</summary>
    DuplicateLabelName,

    /// <summary>A label name or value is not valid UTF-8.</summary>
    InvalidUtf8,
}
