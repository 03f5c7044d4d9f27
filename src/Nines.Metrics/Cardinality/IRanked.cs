namespace Nines.Metrics.Cardinality;

/// <summary>An item of a <see cref="TopList{T}"/>: higher rank is better; keys break ties (smaller first).</summary>
internal interface IRanked
{
    long Rank { get; }

    string Key { get; }

    string SecondKey { get; }
}
