using System.Buffers.Binary;
using Nines.Metrics.Histograms;

namespace Nines.Metrics.Chunks;

/// <summary>
/// A chunk of integer native-histogram samples. STAGE 0: a plain, uncompressed layout (2 bytes
/// big-endian count, then per sample: zig-zag varint timestamp and every field of the histogram),
/// to be replaced by Prometheus' histogram chunk encoding (tsdb/chunkenc/histogram.go) before it
/// is persisted. Single writer; readers iterate a snapshot of (<see cref="Buffer"/>, <see cref="Count"/>):
/// appends only add bytes after the last complete sample, and a grown buffer is a new array.
/// </summary>
internal sealed class HistogramChunk
{
    public const int DefaultMaxSamples = 120;

    private readonly int _maxSamples;
    private byte[] _buffer = new byte[256];
    private int _length = 2;
    private int _count;
    private long _t;

    public HistogramChunk(int maxSamples = DefaultMaxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        _maxSamples = maxSamples;
    }

    public int Count => _count;

    /// <summary>Timestamp of the first sample (undefined when empty).</summary>
    public long MinTime { get; private set; }

    /// <summary>Timestamp of the last sample (undefined when empty).</summary>
    public long MaxTime => _t;

    /// <summary>The backing array; only the first <see cref="Length"/> bytes are the chunk.</summary>
    internal byte[] Buffer => _buffer;

    /// <summary>Encoded length in bytes, header included.</summary>
    public int Length => _length;

    public AppendResult Append(long t, Histogram h)
    {
        if (_count > 0)
        {
            if (t == _t)
            {
                return AppendResult.Duplicate;
            }

            if (t < _t)
            {
                return AppendResult.OutOfOrder;
            }

            if (_count >= _maxSamples)
            {
                return AppendResult.ChunkFull;
            }
        }

        var needed = _length + 64 + (16 * (h.PositiveSpans.Length + h.NegativeSpans.Length)) + (10 * (h.PositiveBuckets.Length + h.NegativeBuckets.Length));
        if (needed > _buffer.Length)
        {
            var grown = new byte[Math.Max(needed, _buffer.Length * 2)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }

        var p = _length;
        WriteSigned(ref p, t);
        _buffer[p++] = (byte)h.CounterResetHint;
        WriteSigned(ref p, h.Schema);
        WriteDouble(ref p, h.ZeroThreshold);
        WriteUnsigned(ref p, h.ZeroCount);
        WriteUnsigned(ref p, h.Count);
        WriteDouble(ref p, h.Sum);
        WriteSide(ref p, h.PositiveSpans, h.PositiveBuckets);
        WriteSide(ref p, h.NegativeSpans, h.NegativeBuckets);
        _length = p;
        if (_count == 0)
        {
            MinTime = t;
        }

        _t = t;
        _count++;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)_count);
        return AppendResult.Ok;
    }

    /// <summary>Shrinks the backing array to the encoded length once the chunk is sealed.</summary>
    public void Compact()
    {
        if (_buffer.Length > _length + 64)
        {
            _buffer = _buffer.AsSpan(0, _length).ToArray();
        }
    }

    private void WriteSide(ref int p, HistogramSpan[] spans, long[] buckets)
    {
        WriteUnsigned(ref p, (ulong)spans.Length);
        foreach (var s in spans)
        {
            WriteSigned(ref p, s.Offset);
            WriteUnsigned(ref p, s.Length);
        }

        WriteUnsigned(ref p, (ulong)buckets.Length);
        foreach (var b in buckets)
        {
            WriteSigned(ref p, b);
        }
    }

    private void WriteDouble(ref int p, double v)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(p), v);
        p += 8;
    }

    private void WriteSigned(ref int p, long v) => WriteUnsigned(ref p, (ulong)((v << 1) ^ (v >> 63)));

    private void WriteUnsigned(ref int p, ulong v)
    {
        while (v >= 0x80)
        {
            _buffer[p++] = (byte)(v | 0x80);
            v >>= 7;
        }

        _buffer[p++] = (byte)v;
    }
}
