namespace Nines.Ingest.Scrape;

/// <summary>A scraped body that is not valid exposition text; the message names the line and column (1-based, in bytes).</summary>
internal sealed class ExpositionFormatException : FormatException
{
    public ExpositionFormatException(int line, int column, string reason)
        : base($"line {line}, column {column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based byte column within the line.</summary>
    public int Column { get; }

    /// <summary>The message without the position.</summary>
    public string Reason { get; }
}
