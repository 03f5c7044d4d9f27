using System.Buffers.Binary;
using Nines.Metrics.Histograms;

namespace Nines.Metrics.Chunks;

/// <summary>
/// A chunk of integer native-histogram samples in Prometheus' histogram encoding, bit for bit as
/// https://github.com/prometheus/prometheus/blob/v2.42.0/tsdb/chunkenc/histogram.go writes it, so
/// chunks persist into Prometheus-compatible blocks:
/// <list type="bullet">
/// <item>2 bytes big-endian sample count, 1 byte whose top two bits are the <see cref="HistogramChunkHeader"/>;</item>
/// <item>sample 0: the layout (zero threshold, schema, positive then negative spans), then the
/// timestamp, count and zero count as varbits, the sum as 64 raw bits and every (delta-encoded)
/// bucket as a varbit;</item>
/// <item>later samples: delta-of-delta varbits of timestamp, count and zero count, the sum XOR-ed
/// against the previous one, and a delta-of-delta varbit per bucket.</item>
/// </list>
/// All samples share the first sample's layout: a histogram with new buckets recodes the chunk
/// (a new array) with those buckets added, empty, to every earlier sample; one that cannot share it
/// (schema or zero threshold changed, buckets gone, a counter reset, a gauge/counter switch) makes
/// <see cref="Append"/> report <see cref="AppendResult.ChunkFull"/> with the header of the chunk to cut.
/// Single writer; readers iterate a snapshot of (<see cref="Buffer"/>, <see cref="Count"/>) as for
/// <see cref="XorChunk"/>: appends only add bits after the last sample, recoding and growth make a new array.
/// </summary>
internal sealed partial class HistogramChunk
{
    public const int DefaultMaxSamples = 120;

    /// <summary>Bytes before the bit stream: the sample count and the header byte.</summary>
    public const int HeaderSize = 3;

    private readonly int _maxSamples;
    private BitBuffer _b;
    private int _count;

    // Appender state, mirroring Prometheus' HistogramAppender: the layout of sample 0, and the last
    // sample's values and deltas that the next sample's delta-of-deltas are taken against.
    private int _schema;
    private double _zeroThreshold;
    private HistogramSpan[] _pSpans = [];
    private HistogramSpan[] _nSpans = [];
    private long _t;
    private ulong _cnt;
    private ulong _zCnt;
    private long _tDelta;
    private long _cntDelta;
    private long _zCntDelta;
    private long[] _pBuckets = [];
    private long[] _nBuckets = [];
    private long[] _pBucketsDelta = [];
    private long[] _nBucketsDelta = [];
    private ulong _sum;
    private byte _leading = 0xFF;
    private byte _trailing;

    public HistogramChunk(int maxSamples = DefaultMaxSamples, HistogramChunkHeader header = HistogramChunkHeader.Unknown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSamples, ushort.MaxValue);
        _maxSamples = maxSamples;
        _b = new BitBuffer(HeaderSize, 128);
        Header = header;
    }

    public int Count => _count;

    /// <summary>Timestamp of the first sample (undefined when empty).</summary>
    public long MinTime { get; private set; }

    /// <summary>Timestamp of the last sample (undefined when empty).</summary>
    public long MaxTime => _t;

    /// <summary>The backing array; only the first <see cref="Length"/> bytes are the chunk.</summary>
    internal byte[] Buffer => _b.Array;

    /// <summary>Encoded length in bytes, header included.</summary>
    public int Length => _b.Length;

    /// <summary>The chunk bytes in Prometheus' format, for persistence.</summary>
    public ReadOnlySpan<byte> Bytes => _b.Array.AsSpan(0, Length);

    /// <summary>Why the chunk was cut (the counter-reset bits of the header byte).</summary>
    public HistogramChunkHeader Header
    {
        get => (HistogramChunkHeader)(_b.Array[2] & 0b1100_0000);
        private set => _b.Array[2] = (byte)((_b.Array[2] & 0b0011_1111) | (byte)value);
    }

    /// <summary>
    /// Appends a sample. <see cref="AppendResult.ChunkFull"/> means a new chunk must take it: the chunk
    /// holds its maximum, or the histogram cannot share its layout; <paramref name="cutHeader"/> is then
    /// the header for that chunk (as Prometheus' head sets it when it cuts).
    /// </summary>
    public AppendResult Append(long t, Histogram h, out HistogramChunkHeader cutHeader)
    {
        cutHeader = HistogramChunkHeader.Unknown;
        if (_count == 0)
        {
            if (h.CounterResetHint == CounterResetHint.Gauge)
            {
                Header = HistogramChunkHeader.Gauge;
            }
            else if (h.CounterResetHint == CounterResetHint.CounterReset)
            {
                Header = HistogramChunkHeader.CounterReset;
            }

            AppendUnchecked(t, h);
            MinTime = t;
            return AppendResult.Ok;
        }

        if (t == _t)
        {
            return AppendResult.Duplicate;
        }

        if (t < _t)
        {
            return AppendResult.OutOfOrder;
        }

        List<BucketInsert>? pForward = null, nForward = null;
        var gauge = h.CounterResetHint == CounterResetHint.Gauge;
        bool ok;
        if (gauge)
        {
            ok = AppendableGauge(ref h, ref pForward, ref nForward);
            cutHeader = HistogramChunkHeader.Gauge;
        }
        else
        {
            ok = Appendable(h, ref pForward, ref nForward, out var reset);
            cutHeader = reset ? HistogramChunkHeader.CounterReset : ok ? HistogramChunkHeader.NotCounterReset : HistogramChunkHeader.Unknown;
        }

        if (!ok || _count >= _maxSamples)
        {
            return AppendResult.ChunkFull;
        }

        if (pForward is not null || nForward is not null)
        {
            Recode(pForward, nForward, h.PositiveSpans, h.NegativeSpans);
        }

        AppendUnchecked(t, h);
        return AppendResult.Ok;
    }

    /// <summary>Shrinks the backing array once the chunk is sealed.</summary>
    public void Compact() => _b.Trim();

    /// <summary>An iterator over the chunk's current samples.</summary>
    public HistogramIterator GetIterator() => new(_b.Array, 0, Length, _count);

    // Prometheus' appendHistogram: the caller has checked the histogram fits the layout.
    private void AppendUnchecked(long t, Histogram h)
    {
        var stale = h.IsStaleMarker;
        var pBuckets = stale ? [] : h.PositiveBuckets;
        var nBuckets = stale ? [] : h.NegativeBuckets;
        var count = stale ? 0UL : h.Count;
        var zeroCount = stale ? 0UL : h.ZeroCount;
        var sum = BitConverter.DoubleToUInt64Bits(h.Sum);
        _b.Reserve(64 + (9 * (pBuckets.Length + nBuckets.Length)) + (_count == 0 ? 40 + (18 * (h.PositiveSpans.Length + h.NegativeSpans.Length)) : 0));
        long tDelta = 0, cntDelta = 0, zCntDelta = 0;
        if (_count == 0)
        {
            // The first sample dictates the layout and writes it; a stale marker's is empty.
            _schema = stale ? 0 : h.Schema;
            _zeroThreshold = stale ? 0 : h.ZeroThreshold;
            _pSpans = stale ? [] : (HistogramSpan[])h.PositiveSpans.Clone();
            _nSpans = stale ? [] : (HistogramSpan[])h.NegativeSpans.Clone();
            HistogramLayout.Write(ref _b, _schema, _zeroThreshold, _pSpans, _nSpans);
            _pBuckets = new long[pBuckets.Length];
            _nBuckets = new long[nBuckets.Length];
            _pBucketsDelta = new long[pBuckets.Length];
            _nBucketsDelta = new long[nBuckets.Length];
            _b.WriteVarbitInt(t);
            _b.WriteVarbitUint(count);
            _b.WriteVarbitUint(zeroCount);
            _b.WriteBits(sum, 64);
            foreach (var v in pBuckets)
            {
                _b.WriteVarbitInt(v);
            }

            foreach (var v in nBuckets)
            {
                _b.WriteVarbitInt(v);
            }
        }
        else
        {
            // unchecked: Go's int64 arithmetic wraps; so must ours to stay bit-exact.
            tDelta = unchecked(t - _t);
            cntDelta = unchecked((long)count - (long)_cnt);
            zCntDelta = unchecked((long)zeroCount - (long)_zCnt);
            _b.WriteVarbitInt(unchecked(tDelta - _tDelta));
            _b.WriteVarbitInt(stale ? 0 : unchecked(cntDelta - _cntDelta));
            _b.WriteVarbitInt(stale ? 0 : unchecked(zCntDelta - _zCntDelta));
            _b.WriteXor(sum, _sum, ref _leading, ref _trailing);
            WriteBucketDods(pBuckets, _pBuckets, _pBucketsDelta);
            WriteBucketDods(nBuckets, _nBuckets, _nBucketsDelta);
        }

        _t = t;
        _cnt = count;
        _zCnt = zeroCount;
        _tDelta = tDelta;
        _cntDelta = cntDelta;
        _zCntDelta = zCntDelta;
        pBuckets.AsSpan().CopyTo(_pBuckets);
        nBuckets.AsSpan().CopyTo(_nBuckets);
        _sum = sum;
        _count++;
        BinaryPrimitives.WriteUInt16BigEndian(_b.Array, (ushort)_count);
    }

    private void WriteBucketDods(long[] buckets, long[] previous, long[] previousDelta)
    {
        for (var i = 0; i < buckets.Length; i++)
        {
            var delta = unchecked(buckets[i] - previous[i]);
            _b.WriteVarbitInt(unchecked(delta - previousDelta[i]));
            previousDelta[i] = delta;
        }
    }
}
