using Nines.Metrics.Histograms;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsBatch
{
    private int[] _histogramEntries = [];
    private long[] _histogramTimestamps = [];
    private Histogram[] _histograms = [];
    private int _histogramCount;

    /// <summary>Number of native-histogram samples over all entries.</summary>
    public int HistogramCount => _histogramCount;

    /// <summary>
    /// Adds a native-histogram sample to the series entry added last (by <see cref="Add(Labels.LabelSet, ReadOnlySpan{long}, ReadOnlySpan{double})"/>
    /// with no float samples, as remote write and OTLP send histograms in series of their own).
    /// Samples of one entry must be added in ascending time. The histogram is kept by reference: do not change it until the append completes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No series entry was added yet.</exception>
    public void AddHistogram(long timestamp, Histogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (_seriesCount == 0)
        {
            throw new InvalidOperationException("Add the histogram's series before its samples.");
        }

        if (_histogramCount == _histograms.Length)
        {
            var size = Math.Max(16, _histograms.Length * 2);
            Array.Resize(ref _histograms, size);
            Array.Resize(ref _histogramEntries, size);
            Array.Resize(ref _histogramTimestamps, size);
        }

        _histogramEntries[_histogramCount] = _seriesCount - 1;
        _histogramTimestamps[_histogramCount] = timestamp;
        _histograms[_histogramCount++] = histogram;
    }

    internal int HistogramEntryAt(int index) => _histogramEntries[index];

    internal long HistogramTimestampAt(int index) => _histogramTimestamps[index];

    internal Histogram HistogramAt(int index) => _histograms[index];

    private void ClearHistograms()
    {
        if (_histogramCount > 0)
        {
            Array.Clear(_histograms, 0, _histogramCount);
            _histogramCount = 0;
        }
    }
}
