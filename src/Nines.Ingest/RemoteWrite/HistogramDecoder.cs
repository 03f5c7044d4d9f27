using System.Globalization;
using Nines.Ingest.Protobuf;
using Nines.Metrics.Histograms;

namespace Nines.Ingest.RemoteWrite;

/// <summary>
/// Decodes one remote-write <c>Histogram</c> message into a stored <see cref="Histogram"/>. The
/// message is the same in 1.0 (prometheus.Histogram, prompb/types.proto) and 2.0
/// (io.prometheus.write.v2.Histogram): count_int=1 | count_float=2, sum=3, schema=4 (sint32),
/// zero_threshold=5, zero_count_int=6 | zero_count_float=7, negative_spans=8, negative_deltas=9
/// (sint64), negative_counts=10 (double), positive_spans=11, positive_deltas=12, positive_counts=13,
/// reset_hint=14, timestamp=15, custom_values=16; BucketSpan{offset=1 (sint32), length=2 (uint32)}.
/// As in Prometheus (<c>IsFloatHistogram</c>), the count oneof decides the kind: an integer
/// histogram takes the deltas, a float histogram the absolute counts. Storage keeps integer
/// histograms only, so a float histogram is converted when every count is a whole number.
/// Keeps scratch lists; one per decoder, not thread-safe.
/// </summary>
internal sealed class HistogramDecoder
{
    /// <summary>Schema of native histograms with custom buckets (converted classic histograms); not stored yet.</summary>
    private const int CustomBucketsSchema = -53;

    // Integers above 2^53 are not all representable as doubles, so a float count beyond is not exact.
    private const double MaxExactCount = 9007199254740992d;

    private readonly List<HistogramSpan> _negativeSpans = [];
    private readonly List<HistogramSpan> _positiveSpans = [];
    private readonly List<long> _negativeDeltas = [];
    private readonly List<long> _positiveDeltas = [];
    private readonly List<double> _negativeCounts = [];
    private readonly List<double> _positiveCounts = [];

    /// <summary>
    /// Decodes <paramref name="message"/>. Returns false when the protobuf is malformed. Otherwise
    /// either <paramref name="histogram"/> is set, or <paramref name="error"/> says why the histogram
    /// cannot be stored (invalid, custom buckets, fractional float counts).
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> message, out long timestamp, out Histogram? histogram, out string? error)
    {
        timestamp = 0;
        histogram = null;
        error = null;
        _negativeSpans.Clear();
        _positiveSpans.Clear();
        _negativeDeltas.Clear();
        _positiveDeltas.Clear();
        _negativeCounts.Clear();
        _positiveCounts.Clear();

        ulong countInt = 0, zeroCountInt = 0;
        double countFloat = 0, zeroCountFloat = 0, sum = 0, zeroThreshold = 0;
        var isFloat = false;
        var schema = 0;
        ulong resetHint = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            var ok = (field, wire) switch
            {
                // A oneof keeps the member set last.
                (1, WireType.Varint) => ReadVarint(ref reader, out countInt) && SetKind(out isFloat, false),
                (2, WireType.Fixed64) => ReadDouble(ref reader, out countFloat) && SetKind(out isFloat, true),
                (3, WireType.Fixed64) => ReadDouble(ref reader, out sum),
                (4, WireType.Varint) => ReadSint32(ref reader, out schema),
                (5, WireType.Fixed64) => ReadDouble(ref reader, out zeroThreshold),
                (6, WireType.Varint) => ReadVarint(ref reader, out zeroCountInt) && Clear(out zeroCountFloat),
                (7, WireType.Fixed64) => ReadDouble(ref reader, out zeroCountFloat) && Clear(out zeroCountInt),
                (8, WireType.LengthDelimited) => ReadSpan(ref reader, _negativeSpans),
                (9, _) => ReadSint64s(ref reader, wire, _negativeDeltas),
                (10, _) => ReadDoubles(ref reader, wire, _negativeCounts),
                (11, WireType.LengthDelimited) => ReadSpan(ref reader, _positiveSpans),
                (12, _) => ReadSint64s(ref reader, wire, _positiveDeltas),
                (13, _) => ReadDoubles(ref reader, wire, _positiveCounts),
                (14, WireType.Varint) => ReadVarint(ref reader, out resetHint),
                (15, WireType.Varint) => ReadInt64(ref reader, out timestamp),
                _ => reader.TrySkip(wire),
            };

            if (!ok)
            {
                return false;
            }
        }

        if (schema == CustomBucketsSchema)
        {
            error = "native histograms with custom buckets (schema -53) are not supported";
            return true;
        }

        if (resetHint > (ulong)CounterResetHint.Gauge)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"histogram reset_hint {unchecked((long)resetHint)} is not one of 0-3");
            return true;
        }

        var result = new Histogram
        {
            CounterResetHint = (CounterResetHint)resetHint,
            Schema = schema,
            ZeroThreshold = zeroThreshold,
            Sum = sum,
            NegativeSpans = [.. _negativeSpans],
            PositiveSpans = [.. _positiveSpans],
        };

        if (isFloat)
        {
            ulong count = 0, zeroCount = 0;
            long[] negative = [], positive = [];
            error = ToInteger(countFloat, "count", out count)
                ?? ToInteger(zeroCountFloat, "zero bucket count", out zeroCount)
                ?? ToDeltas(_negativeCounts, "negative", out negative)
                ?? ToDeltas(_positiveCounts, "positive", out positive);
            if (error is not null)
            {
                return true;
            }

            result.Count = count;
            result.ZeroCount = zeroCount;
            result.NegativeBuckets = negative;
            result.PositiveBuckets = positive;
        }
        else
        {
            result.Count = countInt;
            result.ZeroCount = zeroCountInt;
            result.NegativeBuckets = [.. _negativeDeltas];
            result.PositiveBuckets = [.. _positiveDeltas];
        }

        error = result.Validate();
        histogram = error is null ? result : null;
        return true;
    }

    private static string? ToInteger(double value, string what, out ulong result)
    {
        result = 0;
        if (!double.IsFinite(value) || value < 0 || value > MaxExactCount || value != Math.Floor(value))
        {
            return string.Create(CultureInfo.InvariantCulture, $"float histogram {what} {value} is not a whole number; only float histograms with integral counts can be stored");
        }

        result = (ulong)value;
        return null;
    }

    private static string? ToDeltas(List<double> counts, string side, out long[] deltas)
    {
        deltas = counts.Count == 0 ? [] : new long[counts.Count];
        long previous = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (ToInteger(counts[i], $"{side} bucket {i} count", out var count) is { } error)
            {
                return error;
            }

            deltas[i] = (long)count - previous;
            previous = (long)count;
        }

        return null;
    }

    private static bool SetKind(out bool isFloat, bool value)
    {
        isFloat = value;
        return true;
    }

    private static bool Clear<T>(out T value)
        where T : struct
    {
        value = default;
        return true;
    }

    private static bool ReadVarint(ref ProtoReader reader, out ulong value) => reader.TryReadVarint(out value);

    private static bool ReadInt64(ref ProtoReader reader, out long value)
    {
        var ok = reader.TryReadVarint(out var raw);
        value = unchecked((long)raw);
        return ok;
    }

    private static bool ReadDouble(ref ProtoReader reader, out double value)
    {
        var ok = reader.TryReadFixed64(out var bits);
        value = BitConverter.UInt64BitsToDouble(bits);
        return ok;
    }

    // sint32/sint64 are ZigZag-encoded (https://protobuf.dev/programming-guides/encoding/#signed-ints).
    private static bool ReadSint32(ref ProtoReader reader, out int value)
    {
        value = 0;
        if (!reader.TryReadVarint(out var raw) || raw > uint.MaxValue)
        {
            return false;
        }

        value = (int)((uint)raw >> 1) ^ -(int)(raw & 1);
        return true;
    }

    private static long ZigZag64(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);

    // Repeated scalars arrive packed (the proto3 default) or, legally, one per field.
    private static bool ReadSint64s(ref ProtoReader reader, WireType wire, List<long> into)
    {
        if (wire == WireType.Varint)
        {
            if (!reader.TryReadVarint(out var single))
            {
                return false;
            }

            into.Add(ZigZag64(single));
            return true;
        }

        if (wire != WireType.LengthDelimited || !reader.TryReadLengthDelimited(out var packed))
        {
            return false;
        }

        var inner = new ProtoReader(packed);
        while (!inner.End)
        {
            if (!inner.TryReadVarint(out var raw))
            {
                return false;
            }

            into.Add(ZigZag64(raw));
        }

        return true;
    }

    private static bool ReadDoubles(ref ProtoReader reader, WireType wire, List<double> into)
    {
        if (wire == WireType.Fixed64)
        {
            if (!reader.TryReadFixed64(out var single))
            {
                return false;
            }

            into.Add(BitConverter.UInt64BitsToDouble(single));
            return true;
        }

        if (wire != WireType.LengthDelimited || !reader.TryReadLengthDelimited(out var packed) || packed.Length % 8 != 0)
        {
            return false;
        }

        var inner = new ProtoReader(packed);
        while (!inner.End)
        {
            inner.TryReadFixed64(out var bits);
            into.Add(BitConverter.UInt64BitsToDouble(bits));
        }

        return true;
    }

    private static bool ReadSpan(ref ProtoReader reader, List<HistogramSpan> into)
    {
        if (!reader.TryReadLengthDelimited(out var message))
        {
            return false;
        }

        var offset = 0;
        uint length = 0;
        var inner = new ProtoReader(message);
        while (!inner.End)
        {
            if (!inner.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            if (field == 1 && wire == WireType.Varint)
            {
                if (!ReadSint32(ref inner, out offset))
                {
                    return false;
                }
            }
            else if (field == 2 && wire == WireType.Varint)
            {
                if (!inner.TryReadVarint(out var raw) || raw > uint.MaxValue)
                {
                    return false;
                }

                length = (uint)raw;
            }
            else if (!inner.TrySkip(wire))
            {
                return false;
            }
        }

        into.Add(new HistogramSpan(offset, length));
        return true;
    }
}
