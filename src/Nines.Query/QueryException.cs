namespace Nines.Query;

/// <summary>
/// A query that failed, with the Prometheus error type and, for parse errors, the 1-based position.
/// A parse error's <see cref="Exception.Message"/> is already Prometheus' full text
/// (<c>1:5: parse error: unexpected end of input inside braces</c>), so the HTTP API only prefixes
/// <c>invalid parameter "query": </c>.
/// </summary>
public sealed class QueryException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is shown to the user as is.</summary>
    public QueryException(QueryErrorType type, string message, int line = 0, int column = 0, Exception? inner = null)
        : base(message, inner)
    {
        Type = type;
        Line = line;
        Column = column;
    }

    /// <summary>The Prometheus <c>errorType</c>.</summary>
    public QueryErrorType Type { get; }

    /// <summary>1-based line of a parse error, 0 when not positional.</summary>
    public int Line { get; }

    /// <summary>1-based column of a parse error, 0 when not positional.</summary>
    public int Column { get; }
}
