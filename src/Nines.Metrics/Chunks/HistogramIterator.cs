using System.Buffers.Binary;
using Nines.Metrics.Histograms;

namespace Nines.Metrics.Chunks;

/// <summary>
/// Decodes a histogram chunk (see <see cref="HistogramChunk"/> for the format), mirroring
/// Prometheus' histogramIterator. Each sample is handed out as a new <see cref="FloatHistogram"/>
/// (<see cref="H"/>) whose arrays the caller owns; the running integer state is kept in arrays
/// reused across samples. A truncated or corrupt chunk ends the iteration (<see cref="IsCorrupt"/>).
/// </summary>
internal struct HistogramIterator
{
    private readonly byte[] _data;
    private readonly int _total;
    private readonly bool _decodeFloat;
    private readonly HistogramChunkHeader _header;
    private BitReader _r;
    private int _read;
    private bool _corrupt;

    private int _schema;
    private double _zeroThreshold;
    private HistogramSpan[] _pSpans;
    private HistogramSpan[] _nSpans;
    private long _t;
    private ulong _cnt;
    private ulong _zCnt;
    private long _tDelta;
    private long _cntDelta;
    private long _zCntDelta;
    private long[] _pBuckets;
    private long[] _nBuckets;
    private long[] _pBucketsDelta;
    private long[] _nBucketsDelta;
    private ulong _sum;
    private byte _leading;
    private byte _trailing;
    private FloatHistogram? _h;

    /// <summary>
    /// Iterates the first <paramref name="count"/> samples of the chunk at <paramref name="offset"/>
    /// (its 3-byte header) in <paramref name="data"/>, at most <paramref name="length"/> bytes.
    /// <paramref name="decodeFloat"/> false skips building <see cref="H"/> (for re-encoding via <see cref="ToHistogram"/>).
    /// </summary>
    public HistogramIterator(byte[] data, int offset, int length, int count, bool decodeFloat = true)
    {
        _data = data;
        _total = length >= HistogramChunk.HeaderSize ? count : 0;
        _decodeFloat = decodeFloat;
        _header = length >= HistogramChunk.HeaderSize ? (HistogramChunkHeader)(data[offset + 2] & 0b1100_0000) : HistogramChunkHeader.Unknown;
        _r = new BitReader(data, offset + HistogramChunk.HeaderSize, offset + length);
        _pSpans = _nSpans = [];
        _pBuckets = _nBuckets = _pBucketsDelta = _nBucketsDelta = [];
        _t = long.MinValue;
    }

    /// <summary>Iterates all samples of persisted chunk bytes, taking the count from the header.</summary>
    public static HistogramIterator FromBytes(byte[] chunkBytes)
    {
        var count = chunkBytes.Length >= HistogramChunk.HeaderSize ? BinaryPrimitives.ReadUInt16BigEndian(chunkBytes) : 0;
        return new HistogramIterator(chunkBytes, 0, chunkBytes.Length, count);
    }

    public readonly long T => _t;

    /// <summary>The current sample (a fresh object per sample; null when built with decodeFloat false).</summary>
    public readonly FloatHistogram H => _h!;

    /// <summary>True when decoding stopped because the bytes ended early or were malformed.</summary>
    public readonly bool IsCorrupt => _corrupt;

    /// <summary>Why the chunk was cut (its header's counter-reset bits).</summary>
    public readonly HistogramChunkHeader Header => _header;

    public bool MoveNext()
    {
        if (_corrupt || _read >= _total)
        {
            return false;
        }

        if (!(_read == 0 ? ReadFirst() : ReadNext()))
        {
            _corrupt = true;
            _h = null;
            return false;
        }

        _read++;
        if (_decodeFloat)
        {
            _h = ToFloat();
        }

        return true;
    }

    /// <summary>Advances to the first sample with timestamp ≥ <paramref name="t"/>; never moves backwards.</summary>
    public bool Seek(long t)
    {
        while (_read == 0 || t > _t)
        {
            if (!MoveNext())
            {
                return false;
            }
        }

        return !_corrupt;
    }

    /// <summary>The current sample as an integer histogram (new arrays), as Prometheus' AtHistogram.</summary>
    public readonly Histogram ToHistogram()
    {
        if (_sum == Histogram.StaleNaNBits)
        {
            return new Histogram { Sum = BitConverter.UInt64BitsToDouble(_sum) };
        }

        return new Histogram
        {
            CounterResetHint = Hint(),
            Schema = _schema,
            ZeroThreshold = _zeroThreshold,
            ZeroCount = _zCnt,
            Count = _cnt,
            Sum = BitConverter.UInt64BitsToDouble(_sum),
            PositiveSpans = (HistogramSpan[])_pSpans.Clone(),
            NegativeSpans = (HistogramSpan[])_nSpans.Clone(),
            PositiveBuckets = (long[])_pBuckets.Clone(),
            NegativeBuckets = (long[])_nBuckets.Clone(),
        };
    }

    private readonly FloatHistogram ToFloat()
    {
        if (_sum == Histogram.StaleNaNBits)
        {
            return new FloatHistogram { Sum = BitConverter.UInt64BitsToDouble(_sum) };
        }

        return new FloatHistogram
        {
            CounterResetHint = Hint(),
            Schema = _schema,
            ZeroThreshold = _zeroThreshold,
            ZeroCount = _zCnt,
            Count = _cnt,
            Sum = BitConverter.UInt64BitsToDouble(_sum),
            PositiveSpans = (HistogramSpan[])_pSpans.Clone(),
            NegativeSpans = (HistogramSpan[])_nSpans.Clone(),
            PositiveBuckets = Histogram.Absolute(_pBuckets),
            NegativeBuckets = Histogram.Absolute(_nBuckets),
        };
    }

    // Prometheus' counterResetHint: the header speaks for the first sample; later samples of a
    // counter chunk are never resets (a reset cuts a chunk).
    private readonly CounterResetHint Hint() => _header switch
    {
        HistogramChunkHeader.Gauge => CounterResetHint.Gauge,
        _ when _read > 1 => CounterResetHint.NotCounterReset,
        HistogramChunkHeader.CounterReset => CounterResetHint.CounterReset,
        _ => CounterResetHint.Unknown,
    };

    private bool ReadFirst()
    {
        if (!HistogramLayout.TryRead(ref _r, out _schema, out _zeroThreshold, out _pSpans, out _nSpans))
        {
            return false;
        }

        var pCount = HistogramLayout.CountBuckets(_pSpans);
        var nCount = HistogramLayout.CountBuckets(_nSpans);

        // Each bucket takes at least one bit: more buckets than bits left is corruption, not an allocation.
        var bitsLeft = (long)(_data.Length) * 8;
        if (pCount < 0 || nCount < 0 || (long)pCount + nCount > bitsLeft)
        {
            return false;
        }

        _pBuckets = new long[pCount];
        _nBuckets = new long[nCount];
        _pBucketsDelta = new long[pCount];
        _nBucketsDelta = new long[nCount];
        if (!_r.TryReadVarbitInt(out _t) || !_r.TryReadVarbitUint(out _cnt) || !_r.TryReadVarbitUint(out _zCnt) || !_r.TryReadBits(64, out _sum))
        {
            return false;
        }

        for (var i = 0; i < _pBuckets.Length; i++)
        {
            if (!_r.TryReadVarbitInt(out _pBuckets[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < _nBuckets.Length; i++)
        {
            if (!_r.TryReadVarbitInt(out _nBuckets[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool ReadNext()
    {
        if (!_r.TryReadVarbitInt(out var tDod) || !_r.TryReadVarbitInt(out var cntDod) || !_r.TryReadVarbitInt(out var zCntDod))
        {
            return false;
        }

        _tDelta = unchecked(_tDelta + tDod);
        _t = unchecked(_t + _tDelta);
        _cntDelta = unchecked(_cntDelta + cntDod);
        _cnt = unchecked((ulong)((long)_cnt + _cntDelta));
        _zCntDelta = unchecked(_zCntDelta + zCntDod);
        _zCnt = unchecked((ulong)((long)_zCnt + _zCntDelta));
        if (!_r.TryReadXor(ref _sum, ref _leading, ref _trailing))
        {
            return false;
        }

        // A stale marker carries no buckets.
        if (_sum == Histogram.StaleNaNBits)
        {
            return true;
        }

        return ReadBucketDods(_pBuckets, _pBucketsDelta) && ReadBucketDods(_nBuckets, _nBucketsDelta);
    }

    private bool ReadBucketDods(long[] buckets, long[] deltas)
    {
        for (var i = 0; i < buckets.Length; i++)
        {
            if (!_r.TryReadVarbitInt(out var dod))
            {
                return false;
            }

            deltas[i] = unchecked(deltas[i] + dod);
            buckets[i] = unchecked(buckets[i] + deltas[i]);
        }

        return true;
    }
}
