namespace Nines.Query;

/// <summary>The Prometheus API <c>errorType</c> of a failed query.</summary>
public enum QueryErrorType
{
    /// <summary><c>bad_data</c> (HTTP 400): the query or a parameter does not parse.</summary>
    BadData,

    /// <summary><c>execution</c> (HTTP 422): the query parsed but cannot be evaluated (e.g. duplicate series after matching).</summary>
    Execution,

    /// <summary><c>timeout</c> (HTTP 503): the query ran past its timeout.</summary>
    Timeout,

    /// <summary><c>canceled</c> (HTTP 499/503): the client went away.</summary>
    Canceled,

    /// <summary><c>unavailable</c> (HTTP 503): too many concurrent queries; retry later.</summary>
    Unavailable,
}
