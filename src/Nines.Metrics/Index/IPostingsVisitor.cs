namespace Nines.Metrics.Index;

/// <summary>Receives the index's label names and pairs from <see cref="MemPostings.Visit"/>.</summary>
internal interface IPostingsVisitor
{
    /// <summary>A label name and how many distinct values it has; its pairs follow.</summary>
    void LabelName(string name, int valueCount);

    /// <summary>One label pair and its series ids, sorted ascending; valid only during the call.</summary>
    void Pair(string name, string value, ReadOnlySpan<uint> ids);
}
