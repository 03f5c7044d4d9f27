using Nines.Metrics.Labels;

namespace Nines.Metrics.Storage;

/// <summary>
/// A reusable batch of samples for several series: add series with their samples, pass it to
/// <see cref="MetricsStorage.AppendAsync"/>, await, then <see cref="Clear"/> and refill. The arrays
/// keep their capacity, so a steady ingest loop allocates nothing per batch. Not thread-safe, and
/// must not be changed while an append of it is in flight.
/// </summary>
public sealed partial class MetricsBatch
{
    private LabelSet[] _labels = new LabelSet[16];
    private int[] _starts = new int[17];
    private uint[] _ids = new uint[16];
    private bool[] _logSeries = new bool[16];
    private long[] _timestamps = new long[256];
    private double[] _values = new double[256];
    private int _seriesCount;
    private int _sampleCount;

    /// <summary>Number of series entries.</summary>
    public int SeriesCount => _seriesCount;

    /// <summary>Number of samples over all entries.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>Adds one series' samples (milliseconds since the Unix epoch, ascending per series).</summary>
    /// <exception cref="ArgumentException">The spans differ in length or the label set is empty.</exception>
    public void Add(LabelSet labels, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("A series needs at least one label.", nameof(labels));
        }

        if (timestamps.Length != values.Length)
        {
            throw new ArgumentException($"Got {timestamps.Length} timestamps but {values.Length} values.", nameof(values));
        }

        if (_seriesCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
            Array.Resize(ref _ids, _labels.Length);
            Array.Resize(ref _logSeries, _labels.Length);
            Array.Resize(ref _starts, _labels.Length + 1);
        }

        var needed = _sampleCount + timestamps.Length;
        if (needed > _timestamps.Length)
        {
            var size = Math.Max(needed, _timestamps.Length * 2);
            Array.Resize(ref _timestamps, size);
            Array.Resize(ref _values, size);
        }

        timestamps.CopyTo(_timestamps.AsSpan(_sampleCount));
        values.CopyTo(_values.AsSpan(_sampleCount));
        _labels[_seriesCount] = labels;
        _starts[_seriesCount] = _sampleCount;
        _sampleCount = needed;
        _seriesCount++;
        _starts[_seriesCount] = _sampleCount;
    }

    /// <summary>Adds one sample of one series.</summary>
    public void Add(LabelSet labels, long timestamp, double value) =>
        Add(labels, new ReadOnlySpan<long>(in timestamp), new ReadOnlySpan<double>(in value));

    /// <summary>Empties the batch, keeping its capacity.</summary>
    public void Clear()
    {
        Array.Clear(_labels, 0, _seriesCount);
        _seriesCount = 0;
        _sampleCount = 0;
        ClearExemplars();
        ClearHistograms();
    }

    internal LabelSet LabelsAt(int entry) => _labels[entry];

    internal ReadOnlySpan<long> TimestampsAt(int entry) => _timestamps.AsSpan(_starts[entry], _starts[entry + 1] - _starts[entry]);

    internal ReadOnlySpan<double> ValuesAt(int entry) => _values.AsSpan(_starts[entry], _starts[entry + 1] - _starts[entry]);

    // Filled by the storage while encoding: head ids and whether a series record goes with this batch.
    internal Span<uint> Ids => _ids.AsSpan(0, _seriesCount);

    internal Span<bool> LogSeries => _logSeries.AsSpan(0, _seriesCount);
}
