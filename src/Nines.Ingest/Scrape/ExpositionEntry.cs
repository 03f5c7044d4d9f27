namespace Nines.Ingest.Scrape;

/// <summary>What <see cref="ExpositionParser.Next"/> found on the next meaningful line.</summary>
internal enum ExpositionEntry
{
    /// <summary>The end of the exposition (after <c># EOF</c> for OpenMetrics).</summary>
    End,

    /// <summary>A sample line: name, labels, value, maybe a timestamp and (OpenMetrics) an exemplar.</summary>
    Series,

    /// <summary><c># HELP name text</c>.</summary>
    Help,

    /// <summary><c># TYPE name type</c>.</summary>
    Type,

    /// <summary><c># UNIT name unit</c> (OpenMetrics only).</summary>
    Unit,
}
