using System.Buffers.Binary;
using Nines.Metrics.Histograms;

namespace Nines.Metrics.Chunks;

/// <summary>
/// Iterates a <see cref="HistogramChunk"/>'s samples, decoding each into a new <see cref="FloatHistogram"/>
/// (STAGE 0 layout; see <see cref="HistogramChunk"/>). A truncated or corrupt chunk ends the iteration.
/// </summary>
internal struct HistogramIterator
{
    private readonly byte[] _data;
    private readonly int _end;
    private readonly int _count;
    private int _p;
    private int _read;
    private long _t;
    private FloatHistogram? _h;

    public HistogramIterator(byte[] data, int offset, int length, int count)
    {
        _data = data;
        _p = offset + 2;
        _end = offset + length;
        _count = count;
    }

    public readonly long T => _t;

    public readonly FloatHistogram H => _h!;

    public bool MoveNext()
    {
        if (_read >= _count || _p >= _end)
        {
            return false;
        }

        try
        {
            _t = ReadSigned();
            var h = new FloatHistogram { CounterResetHint = (CounterResetHint)_data[_p++] };
            h.Schema = (int)ReadSigned();
            h.ZeroThreshold = ReadDouble();
            h.ZeroCount = ReadUnsigned();
            h.Count = ReadUnsigned();
            h.Sum = ReadDouble();
            (h.PositiveSpans, h.PositiveBuckets) = ReadSide();
            (h.NegativeSpans, h.NegativeBuckets) = ReadSide();
            _h = h;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            _read = _count;
            return false;
        }

        _read++;
        return true;
    }

    /// <summary>Advances to the first sample at or after <paramref name="t"/>.</summary>
    public bool Seek(long t)
    {
        while (MoveNext())
        {
            if (_t >= t)
            {
                return true;
            }
        }

        return false;
    }

    private (HistogramSpan[] Spans, double[] Buckets) ReadSide()
    {
        var spans = new HistogramSpan[Length()];
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = new HistogramSpan((int)ReadSigned(), (uint)ReadUnsigned());
        }

        var buckets = new double[Length()];
        long current = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            current += ReadSigned();
            buckets[i] = current;
        }

        return (spans, buckets);
    }

    // A count can never exceed the bytes left (each entry takes at least one): a corrupt one ends the chunk instead of allocating.
    private int Length()
    {
        var n = ReadUnsigned();
        return n <= (ulong)(_end - _p) ? (int)n : throw new IndexOutOfRangeException();
    }

    private double ReadDouble()
    {
        var v = BinaryPrimitives.ReadDoubleLittleEndian(_data.AsSpan(_p, 8));
        _p += 8;
        return v;
    }

    private long ReadSigned()
    {
        var u = ReadUnsigned();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    private ulong ReadUnsigned()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[_p++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new IndexOutOfRangeException();
    }
}
