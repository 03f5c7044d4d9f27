using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

/// <summary>
/// The in-memory head of the TSDB: series, their open and sealed chunks, and the inverted index.
/// Concurrency model:
/// <list type="bullet">
/// <item>series lookup/creation: 64 lock stripes keyed by the label hash, so creators of different series rarely contend;</item>
/// <item>appends: one lock per series; appenders of different series never contend;</item>
/// <item>queries: the index is read under a shared lock, then each series' chunks are snapshotted under its
/// lock and decoded without any lock, concurrently with further appends.</item>
/// </list>
/// Out-of-order and duplicate samples are rejected as Prometheus does without an out-of-order
/// window, and counted.
/// </summary>
public sealed partial class HeadBlock : IDisposable
{
    private const int StripeCount = 64;

    private readonly int _maxSamplesPerChunk;
    private readonly Stripe[] _stripes;
    private readonly MemPostings _postings = new();
    private readonly Lock _growLock = new();
    private readonly SeriesChurn _churn;

    // Indexed by series id; id 0 is never used and ids are never reused. Replaced (not resized in
    // place) under _growLock; a slot is set once and cleared once (truncation), so readers need no lock.
    private MemSeries?[] _series = new MemSeries?[1024];
    private int _lastId;
    private int _liveSeries;

    private long _appended;
    private long _outOfOrder;
    private long _duplicates;
    private long _chunks;

    /// <summary>Creates an empty head; <paramref name="time"/> dates series creation and removal for the churn report.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public HeadBlock(HeadOptions? options = null, TimeProvider? time = null)
    {
        options ??= new HeadOptions();
        options.Validate();
        _maxSamplesPerChunk = options.MaxSamplesPerChunk;
        _churn = new SeriesChurn(time ?? TimeProvider.System);
        _stripes = new Stripe[StripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    /// <summary>Number of series in the head.</summary>
    public int SeriesCount => Volatile.Read(ref _liveSeries);

    /// <summary>Highest series id handed out; ids of removed series stay unused.</summary>
    internal uint LastSeriesId => (uint)Volatile.Read(ref _lastId);

    /// <summary>Chunks held by the head's series, each series' open chunk included (Prometheus' prometheus_tsdb_head_chunks).</summary>
    public long ChunkCount => Interlocked.Read(ref _chunks);

    /// <summary>Samples stored since start.</summary>
    public long AppendedSamples => Interlocked.Read(ref _appended);

    /// <summary>Samples rejected because they were older than the series' newest sample or than the head's range.</summary>
    public long OutOfOrderSamples => Interlocked.Read(ref _outOfOrder);

    /// <summary>Samples rejected because the series already had a sample at that timestamp.</summary>
    public long DuplicateSamples => Interlocked.Read(ref _duplicates);

    /// <summary>Whether series creation and removal count as churn; off while the WAL is replayed into the head.</summary>
    internal bool TrackChurn
    {
        get => _churn.Enabled;
        set => _churn.Enabled = value;
    }

    /// <inheritdoc />
    public void Dispose() => _postings.Dispose();

    private MemSeries? GetSeries(uint id)
    {
        var series = Volatile.Read(ref _series);
        return id < (uint)series.Length ? Volatile.Read(ref series[id]) : null;
    }

    private sealed class Stripe
    {
        public Lock Sync { get; } = new();

        public Dictionary<ulong, MemSeries> ByHash { get; } = [];
    }
}
