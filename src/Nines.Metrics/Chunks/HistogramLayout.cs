using Nines.Metrics.Histograms;

namespace Nines.Metrics.Chunks;

/// <summary>
/// Span arithmetic for histogram chunks (Prometheus' tsdb/chunkenc/histogram_meta.go as of 2.42):
/// the chunk layout encoding, and the comparisons that decide whether a histogram fits a chunk's
/// layout, needs the chunk recoded with more buckets, or needs a new chunk.
/// </summary>
internal static class HistogramLayout
{
    /// <summary>Number of buckets the spans cover.</summary>
    public static int CountBuckets(HistogramSpan[] spans)
    {
        var n = 0;
        foreach (var s in spans)
        {
            n += (int)s.Length;
        }

        return n;
    }

    /// <summary>Writes schema, zero threshold and both span lists, as the first sample of a chunk carries them.</summary>
    public static void Write(ref BitBuffer b, int schema, double zeroThreshold, HistogramSpan[] positive, HistogramSpan[] negative)
    {
        WriteZeroThreshold(ref b, zeroThreshold);
        b.WriteVarbitInt(schema);
        WriteSpans(ref b, positive);
        WriteSpans(ref b, negative);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; false when the bytes end or are implausible.</summary>
    public static bool TryRead(ref BitReader r, out int schema, out double zeroThreshold, out HistogramSpan[] positive, out HistogramSpan[] negative)
    {
        schema = 0;
        positive = negative = [];
        if (!TryReadZeroThreshold(ref r, out zeroThreshold) || !r.TryReadVarbitInt(out var s) || s is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        schema = (int)s;
        return TryReadSpans(ref r, out positive) && TryReadSpans(ref r, out negative);
    }

    /// <summary>
    /// Compares a chunk's spans and absolute-from-deltas buckets (<paramref name="a"/>) with a new
    /// histogram's (<paramref name="b"/>), as 2.42's forwardInserts plus counterResetInAnyBucket:
    /// false when a bucket of <paramref name="a"/> is missing from <paramref name="b"/> or holds
    /// less (a counter reset); otherwise true, with the runs of buckets only <paramref name="b"/>
    /// has added to <paramref name="inserts"/> (created on first use).
    /// </summary>
    public static bool TryForwardInserts(HistogramSpan[] a, long[] aDeltas, HistogramSpan[] b, long[] bDeltas, ref List<BucketInsert>? inserts)
    {
        var ai = new BucketCursor(a);
        var bi = new BucketCursor(b);
        var aOk = ai.MoveNext();
        var bOk = bi.MoveNext();
        long aCount = aOk ? aDeltas[0] : 0, bCount = bOk ? bDeltas[0] : 0;
        int aPos = 0, bPos = 0, pending = 0, insertAt = 0;
        while (aOk || bOk)
        {
            if (aOk && (!bOk || ai.Index < bi.Index))
            {
                // A bucket in use disappeared: Prometheus treats it as a reset.
                return false;
            }

            if (aOk && ai.Index == bi.Index)
            {
                if (aCount > bCount)
                {
                    return false;
                }

                if (pending > 0)
                {
                    (inserts ??= []).Add(new BucketInsert(insertAt, pending));
                    pending = 0;
                }

                aOk = ai.MoveNext();
                aCount += aOk ? aDeltas[++aPos] : 0;
                insertAt++;
            }
            else
            {
                pending++;
            }

            bOk = bi.MoveNext();
            bCount += bOk ? bDeltas[++bPos] : 0;
        }

        if (pending > 0)
        {
            (inserts ??= []).Add(new BucketInsert(insertAt, pending));
        }

        return true;
    }

    /// <summary>
    /// For gauge histograms (2.42's expandSpansBothWays): the union of both bucket sets as spans,
    /// the inserts that expand <paramref name="a"/> to it (<paramref name="forward"/>) and those
    /// that expand <paramref name="b"/> to it (<paramref name="backward"/>).
    /// </summary>
    public static HistogramSpan[] MergeBothWays(HistogramSpan[] a, HistogramSpan[] b, ref List<BucketInsert>? forward, ref List<BucketInsert>? backward)
    {
        var ai = new BucketCursor(a);
        var bi = new BucketCursor(b);
        var aOk = ai.MoveNext();
        var bOk = bi.MoveNext();
        var merged = new List<HistogramSpan>();
        var last = 0;
        int fPos = 0, fNum = 0, bPos = 0, bNum = 0;
        while (aOk || bOk)
        {
            int index;
            if (aOk && bOk && ai.Index == bi.Index)
            {
                Flush(ref forward, ref fPos, ref fNum);
                Flush(ref backward, ref bPos, ref bNum);
                index = ai.Index;
                aOk = ai.MoveNext();
                bOk = bi.MoveNext();
                fPos++;
                bPos++;
            }
            else if (aOk && (!bOk || ai.Index < bi.Index))
            {
                bNum++;
                Flush(ref forward, ref fPos, ref fNum);
                index = ai.Index;
                fPos++;
                aOk = ai.MoveNext();
            }
            else
            {
                fNum++;
                Flush(ref backward, ref bPos, ref bNum);
                index = bi.Index;
                bPos++;
                bOk = bi.MoveNext();
            }

            // Prometheus' addBucket: extend the last span when adjacent, else open one.
            var offset = index - last - 1;
            if (offset == 0 && merged.Count > 0)
            {
                merged[^1] = merged[^1] with { Length = merged[^1].Length + 1 };
            }
            else
            {
                merged.Add(new HistogramSpan(merged.Count == 0 ? offset + 1 : offset, 1));
            }

            last = index;
        }

        Flush(ref forward, ref fPos, ref fNum);
        Flush(ref backward, ref bPos, ref bNum);
        return merged.ToArray();
    }

    /// <summary>
    /// Delta-encoded buckets <paramref name="deltas"/> with the inserted buckets (empty: absolute
    /// count 0) added, as Prometheus' insert: an inserted run starts with the delta back to zero and
    /// the bucket after it gets the delta from zero.
    /// </summary>
    public static long[] Insert(long[] deltas, List<BucketInsert> inserts)
    {
        var total = deltas.Length;
        foreach (var i in inserts)
        {
            total += i.Count;
        }

        var output = new long[total];
        int o = 0, next = 0;
        long absolute = 0;
        for (var i = 0; i < deltas.Length; i++)
        {
            var d = deltas[i];
            if (next < inserts.Count && inserts[next].Position == i)
            {
                output[o] = -absolute;
                o += inserts[next].Count;
                next++;
                output[o++] = d + absolute;
            }
            else
            {
                output[o++] = d;
            }

            absolute += d;
        }

        if (next < inserts.Count)
        {
            output[o] = -absolute;
        }

        return output;
    }

    // Prometheus' putZeroThreshold: 0 as byte 0; a power of two 2^-243..2^10 as one byte (its frexp
    // exponent + 243); anything else as byte 255 and the 64 float bits.
    private static void WriteZeroThreshold(ref BitBuffer b, double threshold)
    {
        if (threshold == 0)
        {
            b.WriteBits(0, 8);
            return;
        }

        var bits = BitConverter.DoubleToUInt64Bits(threshold);
        var biased = (int)((bits >> 52) & 0x7FF);

        // frexp(x) = (0.5, e) exactly when x is a positive normal power of two 2^(e-1).
        var exponent = biased - 1022;
        if (threshold > 0 && biased is > 0 and < 0x7FF && (bits & 0xF_FFFF_FFFF_FFFF) == 0 && exponent is >= -242 and <= 11)
        {
            b.WriteBits((ulong)(exponent + 243), 8);
            return;
        }

        b.WriteBits(255, 8);
        b.WriteBits(bits, 64);
    }

    private static bool TryReadZeroThreshold(ref BitReader r, out double threshold)
    {
        threshold = 0;
        if (!r.TryReadBits(8, out var first))
        {
            return false;
        }

        switch (first)
        {
            case 0:
                return true;
            case 255:
                if (!r.TryReadBits(64, out var raw))
                {
                    return false;
                }

                threshold = BitConverter.UInt64BitsToDouble(raw);
                return true;
            default:
                threshold = Math.ScaleB(0.5, (int)first - 243);
                return true;
        }
    }

    private static void WriteSpans(ref BitBuffer b, HistogramSpan[] spans)
    {
        b.WriteVarbitUint((ulong)spans.Length);
        foreach (var s in spans)
        {
            b.WriteVarbitUint(s.Length);
            b.WriteVarbitInt(s.Offset);
        }
    }

    private static bool TryReadSpans(ref BitReader r, out HistogramSpan[] spans)
    {
        spans = [];

        // A span takes at least two bits: a count beyond what a chunk (at most 64 KiB) could hold is corruption.
        if (!r.TryReadVarbitUint(out var n) || n > 1 << 18)
        {
            return false;
        }

        if (n == 0)
        {
            return true;
        }

        var result = new HistogramSpan[n];
        for (var i = 0; i < result.Length; i++)
        {
            if (!r.TryReadVarbitUint(out var length) || !r.TryReadVarbitInt(out var offset) || length > uint.MaxValue || offset is < int.MinValue or > int.MaxValue)
            {
                return false;
            }

            result[i] = new HistogramSpan((int)offset, (uint)length);
        }

        spans = result;
        return true;
    }

    private static void Flush(ref List<BucketInsert>? inserts, ref int position, ref int count)
    {
        if (count > 0)
        {
            (inserts ??= []).Add(new BucketInsert(position, count));
            count = 0;
        }
    }

    /// <summary>Walks the bucket indexes the spans cover (Prometheus' bucketIterator).</summary>
    private struct BucketCursor(HistogramSpan[] spans)
    {
        private int _span;
        private int _inSpan = -1;
        private bool _started;

        public int Index { get; private set; }

        public bool MoveNext()
        {
            if (!_started)
            {
                _started = true;
                Index = spans.Length > 0 ? spans[0].Offset - 1 : 0;
            }

            if (_span >= spans.Length)
            {
                return false;
            }

            if (_inSpan < (int)spans[_span].Length - 1)
            {
                _inSpan++;
                Index++;
                return true;
            }

            while (_span < spans.Length - 1)
            {
                _span++;
                Index += spans[_span].Offset + 1;
                _inSpan = 0;
                if (spans[_span].Length == 0)
                {
                    Index--;
                    continue;
                }

                return true;
            }

            _span = spans.Length;
            return false;
        }
    }
}
