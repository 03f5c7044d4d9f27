using Nines.Metrics.Histograms;

namespace Nines.Ingest.Series;

// Native-histogram samples beside the float samples, committed with their series the same way.
// Histograms are rare next to floats, so these arrays stay empty (and cost nothing) until the
// first histogram of a request, as the exemplar arrays do.
public sealed partial class SeriesBatch
{
    private SeriesHistogram[] _histograms = [];
    private int[] _histogramEnds = [];
    private int _histogramCount;
    private int _committedHistograms;

    /// <summary>Total number of accepted native-histogram samples over all series.</summary>
    public int HistogramCount => _committedHistograms;

    /// <summary>Histograms added since the last commit (those of the series being decoded).</summary>
    internal int PendingHistograms => _histogramCount - _committedHistograms;

    private bool HasPendingHistograms => _histogramCount != _committedHistograms;

    /// <summary>The native-histogram samples of series <paramref name="series"/>, in the order they were sent.</summary>
    public ReadOnlySpan<SeriesHistogram> GetHistograms(int series)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)series, (uint)_labels.Count, nameof(series));
        if (_committedHistograms == 0)
        {
            return [];
        }

        var start = series == 0 ? 0 : _histogramEnds[series - 1];
        return _histograms.AsSpan(start, _histogramEnds[series] - start);
    }

    /// <summary>Adds a histogram sample to the series being decoded (committed with it by the next commit).</summary>
    internal void AddHistogram(long timestampMs, Histogram histogram)
    {
        if (_histogramCount == _histograms.Length)
        {
            Array.Resize(ref _histograms, Math.Max(16, _histograms.Length * 2));
        }

        _histograms[_histogramCount++] = new SeriesHistogram(timestampMs, histogram);
    }

    private void CommitHistograms(int series)
    {
        // As CommitExemplars: ends are written only once a request has had a histogram.
        if (_histogramEnds.Length <= series)
        {
            if (_histogramCount == 0)
            {
                return;
            }

            var grown = new int[Math.Max(64, Math.Max(series + 1, _histogramEnds.Length * 2))];
            _histogramEnds.AsSpan().CopyTo(grown);
            _histogramEnds = grown;
        }

        _histogramEnds[series] = _histogramCount;
        _committedHistograms = _histogramCount;
    }

    private void DropPendingHistograms()
    {
        Array.Clear(_histograms, _committedHistograms, _histogramCount - _committedHistograms);
        _histogramCount = _committedHistograms;
    }

    private void ClearHistograms()
    {
        Array.Clear(_histograms, 0, _histogramCount);
        _histogramCount = 0;
        _committedHistograms = 0;
    }
}
