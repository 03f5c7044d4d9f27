using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

/// <summary>One series selected by <see cref="HeadBlock.Select"/> with its chunks in range, snapshotted at selection time.</summary>
public sealed class SelectedSeries
{
    private readonly ChunkSnapshot[] _chunks;
    private readonly long _mint;
    private readonly long _maxt;

    internal SelectedSeries(LabelSet labels, ChunkSnapshot[] chunks, long mint, long maxt)
    {
        Labels = labels;
        _chunks = chunks;
        _mint = mint;
        _maxt = maxt;
    }

    /// <summary>The series' labels.</summary>
    public LabelSet Labels { get; }

    /// <summary>The snapshotted chunks (may reach outside the selected range).</summary>
    internal ChunkSnapshot[] Chunks => _chunks;

    /// <summary>A fresh iterator over the series' samples in the selected range; may be called repeatedly.</summary>
    public SampleIterator GetIterator() => new(_chunks, _mint, _maxt);
}
