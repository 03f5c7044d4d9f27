namespace Nines.Query.Functions.Histograms;

/// <summary>A histogram's buckets as ascending (index, count) lists per side, for linear merges.</summary>
internal sealed class SideLists
{
    public List<int> PositiveIndex { get; } = [];

    public List<double> PositiveCount { get; } = [];

    public List<int> NegativeIndex { get; } = [];

    public List<double> NegativeCount { get; } = [];
}
