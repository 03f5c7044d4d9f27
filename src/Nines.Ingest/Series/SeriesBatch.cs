using System.Buffers;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Series;

/// <summary>
/// Decoded series and their float samples (native-histogram samples and exemplars beside them), reusable across requests: <see cref="Clear"/> keeps the
/// pooled arrays, <see cref="Dispose"/> returns them. Not thread-safe.
/// </summary>
public sealed partial class SeriesBatch : IDisposable
{
    private readonly List<LabelSet> _labels = new(64);
    private int[] _sampleEnds = ArrayPool<int>.Shared.Rent(64);
    private SeriesSample[] _samples = ArrayPool<SeriesSample>.Shared.Rent(256);
    private int _sampleCount;

    /// <summary>Number of accepted series.</summary>
    public int SeriesCount => _labels.Count;

    /// <summary>Total number of accepted samples over all series.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>The labels of series <paramref name="series"/>.</summary>
    public LabelSet GetLabels(int series) => _labels[series];

    /// <summary>The samples of series <paramref name="series"/>, in the order they were sent.</summary>
    public ReadOnlySpan<SeriesSample> GetSamples(int series)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)series, (uint)_labels.Count, nameof(series));
        var start = series == 0 ? 0 : _sampleEnds[series - 1];
        return _samples.AsSpan(start, _sampleEnds[series] - start);
    }

    /// <summary>Empties the batch, keeping its buffers for the next request.</summary>
    public void Clear()
    {
        _labels.Clear();
        _sampleCount = 0;
        ClearExemplars();
        ClearHistograms();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _labels.Clear();
        _sampleCount = 0;
        ClearExemplars();
        ClearHistograms();
        if (_samples.Length != 0)
        {
            ArrayPool<SeriesSample>.Shared.Return(_samples);
            ArrayPool<int>.Shared.Return(_sampleEnds);
            _samples = [];
            _sampleEnds = [];
        }
    }

    internal void AddSample(long timestampMs, double value)
    {
        if (_sampleCount == _samples.Length)
        {
            _samples = Grow(_samples, _sampleCount);
        }

        _samples[_sampleCount++] = new SeriesSample(timestampMs, value);
    }

    /// <summary>Drops samples appended since <paramref name="sampleCount"/> (the series turned out invalid).</summary>
    internal void TruncateSamples(int sampleCount)
    {
        _sampleCount = sampleCount;
        DropPendingExemplars();
        DropPendingHistograms();
    }

    /// <summary>Whether samples, exemplars or histograms were appended since <paramref name="sampleStart"/> and the last commit.</summary>
    internal bool HasPending(int sampleStart) => _sampleCount != sampleStart || HasPendingExemplars || HasPendingHistograms;

    /// <summary>Closes the current series: the samples appended since the previous commit belong to it.</summary>
    internal void CommitSeries(LabelSet labels)
    {
        if (_labels.Count == _sampleEnds.Length)
        {
            _sampleEnds = Grow(_sampleEnds, _labels.Count);
        }

        _sampleEnds[_labels.Count] = _sampleCount;
        CommitExemplars(_labels.Count);
        CommitHistograms(_labels.Count);
        _labels.Add(labels);
    }

    private static T[] Grow<T>(T[] array, int used)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(array.Length * 2, 64));
        array.AsSpan(0, used).CopyTo(bigger);
        if (array.Length != 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        return bigger;
    }
}
