using Nines.Metrics.Histograms;

namespace Nines.Metrics.Wal;

/// <summary>
/// The histogram-samples record (type 7, Prometheus' number for <c>record.HistogramSamples</c>):
/// <c>count:uvarint</c>, then per sample <c>Δid:varint Δt:varint</c> (deltas from the previous
/// sample, as the samples record) and the histogram as Prometheus' <c>EncodeHistogram</c> lays it
/// out: <c>hint:byte schema:varint zeroThreshold:f64 zeroCount:uvarint count:uvarint sum:f64</c>,
/// positive then negative spans (<c>n:uvarint</c>, per span <c>offset:varint length:uvarint</c>),
/// positive then negative delta buckets (<c>n:uvarint</c>, per bucket <c>varint</c>); floats little-endian
/// as in our other records.
/// </summary>
internal static class HistogramRecords
{
    /// <summary>Appends one sample; <paramref name="previousId"/> and <paramref name="previousT"/> carry the deltas.</summary>
    public static void Write(RecordBuffer buffer, uint id, long t, Histogram h, ref long previousId, ref long previousT)
    {
        buffer.WriteVarint(id - previousId);
        buffer.WriteVarint(t - previousT);
        buffer.WriteByte((byte)h.CounterResetHint);
        buffer.WriteVarint(h.Schema);
        buffer.WriteDouble(h.ZeroThreshold);
        buffer.WriteUVarint(h.ZeroCount);
        buffer.WriteUVarint(h.Count);
        buffer.WriteDouble(h.Sum);
        WriteSpans(buffer, h.PositiveSpans);
        WriteSpans(buffer, h.NegativeSpans);
        WriteBuckets(buffer, h.PositiveBuckets);
        WriteBuckets(buffer, h.NegativeBuckets);
        previousId = id;
        previousT = t;
    }

    /// <summary>Reads one sample written by <see cref="Write"/>; returns its WAL series id.</summary>
    /// <exception cref="InvalidDataException">The payload is malformed or the histogram invalid.</exception>
    public static long Read(ref PayloadReader reader, ref long previousId, ref long previousT, out Histogram histogram)
    {
        previousId += reader.ReadVarint();
        previousT += reader.ReadVarint();
        var hint = reader.ReadBytes(1)[0];
        var schema = reader.ReadVarint();
        if (hint > (byte)CounterResetHint.Gauge || schema is < int.MinValue or > int.MaxValue)
        {
            throw new InvalidDataException("WAL histogram record has an invalid hint or schema.");
        }

        histogram = new Histogram
        {
            CounterResetHint = (CounterResetHint)hint,
            Schema = (int)schema,
            ZeroThreshold = reader.ReadDouble(),
            ZeroCount = reader.ReadUVarint(),
            Count = reader.ReadUVarint(),
            Sum = reader.ReadDouble(),
            PositiveSpans = ReadSpans(ref reader),
            NegativeSpans = ReadSpans(ref reader),
            PositiveBuckets = ReadBuckets(ref reader),
            NegativeBuckets = ReadBuckets(ref reader),
        };

        // Appends are validated before they are logged: an invalid one here is damage, and the chunk encoder must not see it.
        if (histogram.Validate() is { } fault)
        {
            throw new InvalidDataException("WAL histogram record holds an invalid histogram: " + fault);
        }

        return previousId;
    }

    private static void WriteSpans(RecordBuffer buffer, HistogramSpan[] spans)
    {
        buffer.WriteUVarint((ulong)spans.Length);
        foreach (var s in spans)
        {
            buffer.WriteVarint(s.Offset);
            buffer.WriteUVarint(s.Length);
        }
    }

    private static void WriteBuckets(RecordBuffer buffer, long[] buckets)
    {
        buffer.WriteUVarint((ulong)buckets.Length);
        foreach (var b in buckets)
        {
            buffer.WriteVarint(b);
        }
    }

    private static HistogramSpan[] ReadSpans(ref PayloadReader reader)
    {
        var spans = new HistogramSpan[reader.ReadLength()];
        for (var i = 0; i < spans.Length; i++)
        {
            var offset = reader.ReadVarint();
            var length = reader.ReadUVarint();
            if (offset is < int.MinValue or > int.MaxValue || length > uint.MaxValue)
            {
                throw new InvalidDataException("WAL histogram record has an invalid span.");
            }

            spans[i] = new HistogramSpan((int)offset, (uint)length);
        }

        return spans;
    }

    private static long[] ReadBuckets(ref PayloadReader reader)
    {
        var buckets = new long[reader.ReadLength()];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = reader.ReadVarint();
        }

        return buckets;
    }
}
