using Nines.Metrics.Exemplars;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsBatch
{
    private int[] _exemplarEntries = [];
    private Exemplar[] _exemplars = [];
    private int _exemplarCount;

    /// <summary>Number of exemplars over all entries.</summary>
    public int ExemplarCount => _exemplarCount;

    /// <summary>
    /// Adds an exemplar to the series entry added last (by <see cref="Add(LabelSet, ReadOnlySpan{long}, ReadOnlySpan{double})"/>,
    /// which may carry no samples: remote write sends exemplars in series of their own).
    /// </summary>
    /// <exception cref="InvalidOperationException">No series entry was added yet.</exception>
    public void AddExemplar(LabelSet labels, double value, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (_seriesCount == 0)
        {
            throw new InvalidOperationException("Add the exemplar's series before its exemplars.");
        }

        if (_exemplarCount == _exemplars.Length)
        {
            var size = Math.Max(16, _exemplars.Length * 2);
            Array.Resize(ref _exemplars, size);
            Array.Resize(ref _exemplarEntries, size);
        }

        _exemplarEntries[_exemplarCount] = _seriesCount - 1;
        _exemplars[_exemplarCount++] = new Exemplar(labels, value, timestamp);
    }

    internal int ExemplarEntryAt(int index) => _exemplarEntries[index];

    internal ref readonly Exemplar ExemplarAt(int index) => ref _exemplars[index];

    private void ClearExemplars()
    {
        if (_exemplarCount > 0)
        {
            Array.Clear(_exemplars, 0, _exemplarCount);
            _exemplarCount = 0;
        }
    }
}
