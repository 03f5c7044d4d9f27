namespace Nines.Query;

/// <summary>A query that failed, with the Prometheus error type and, for parse errors, the 1-based position.</summary>
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
