using System.Text;
using System.Text.Unicode;
using Nines.Ingest.Protobuf;
using Nines.Ingest.Series;
using Nines.Metrics.Exemplars;
using Nines.Metrics.Labels;

namespace Nines.Ingest.RemoteWrite;

// Exemplars: 1.0 prometheus.Exemplar{repeated Label labels = 1; double value = 2; int64 timestamp = 3}
// (prompb/types.proto); 2.0 io.prometheus.write.v2.Exemplar{repeated uint32 labels_refs = 1;
// double value = 2; int64 timestamp = 3} (prompb/io/prometheus/write/v2/types.proto). As
// Prometheus' receiver, an exemplar that cannot be stored is dropped and counted without failing
// the request ("exemplar storage is still experimental"); only broken protobuf fails it.
public sealed partial class RemoteWriteDecoder
{
    private readonly LabelSetBuilder _exemplarLabels = new();

    private bool DecodeExemplarV1(ReadOnlySpan<byte> message, SeriesBatch batch, RemoteWriteResult result)
    {
        _exemplarLabels.Clear();
        var valid = true;
        double value = 0;
        long timestamp = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var label) || !ReadExemplarLabelV1(label, ref valid))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!TryReadValueOrTimestamp(ref reader, field, wire, ref value, ref timestamp))
                    {
                        return false;
                    }

                    break;
            }
        }

        AddExemplar(batch, result, valid, value, timestamp);
        return true;
    }

    // Exemplar fields 2 (double value) and 3 (int64 timestamp) are numbered alike in both versions;
    // any other field is skipped.
    private static bool TryReadValueOrTimestamp(ref ProtoReader reader, int field, WireType wire, ref double value, ref long timestamp)
    {
        if (field == 2 && wire == WireType.Fixed64)
        {
            if (!reader.TryReadFixed64(out var bits))
            {
                return false;
            }

            value = BitConverter.UInt64BitsToDouble(bits);
            return true;
        }

        if (field == 3 && wire == WireType.Varint)
        {
            if (!reader.TryReadVarint(out var raw))
            {
                return false;
            }

            timestamp = unchecked((long)raw);
            return true;
        }

        return reader.TrySkip(wire);
    }

    private bool ReadExemplarLabelV1(ReadOnlySpan<byte> message, ref bool valid)
    {
        ReadOnlySpan<byte> name = default, value = default;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            if (field is 1 or 2 && wire == WireType.LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out var text))
                {
                    return false;
                }

                if (field == 1)
                {
                    name = text;
                }
                else
                {
                    value = text;
                }
            }
            else if (!reader.TrySkip(wire))
            {
                return false;
            }
        }

        valid &= AddExemplarLabel(name, value);
        return true;
    }

    private bool DecodeExemplarV2(ReadOnlySpan<byte> message, SymbolTable symbols, SeriesBatch batch, RemoteWriteResult result)
    {
        _exemplarLabels.Clear();
        var valid = true;
        double value = 0;
        long timestamp = 0;
        var refs = 0;
        uint pendingName = 0;
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wire))
            {
                return false;
            }

            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    if (!reader.TryReadLengthDelimited(out var packed))
                    {
                        return false;
                    }

                    var inner = new ProtoReader(packed);
                    while (!inner.End)
                    {
                        if (!inner.TryReadVarint(out var r) || !AddExemplarRef(symbols, r, ref refs, ref pendingName, ref valid))
                        {
                            return false;
                        }
                    }

                    break;
                case 1 when wire == WireType.Varint:
                    if (!reader.TryReadVarint(out var single) || !AddExemplarRef(symbols, single, ref refs, ref pendingName, ref valid))
                    {
                        return false;
                    }

                    break;
                default:
                    if (!TryReadValueOrTimestamp(ref reader, field, wire, ref value, ref timestamp))
                    {
                        return false;
                    }

                    break;
            }
        }

        AddExemplar(batch, result, valid && (refs & 1) == 0, value, timestamp);
        return true;
    }

    private bool AddExemplarRef(SymbolTable symbols, ulong reference, ref int refs, ref uint pendingName, ref bool valid)
    {
        if (reference >= (ulong)symbols.Count)
        {
            // An out-of-bounds reference is a broken request, as for series labels.
            return false;
        }

        if ((refs++ & 1) == 0)
        {
            pendingName = (uint)reference;
        }
        else
        {
            valid &= AddExemplarLabel(symbols.Bytes(pendingName), symbols.Bytes((uint)reference));
        }

        return true;
    }

    private bool AddExemplarLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (!Utf8.IsValid(name) || !Utf8.IsValid(value) || !LabelSetBuilder.IsValidLabelName(Encoding.UTF8.GetString(name)))
        {
            return false;
        }

        // Names repeat (trace_id, span_id) and are interned; values are mostly unique ids and are not.
        if (value.Length > 0)
        {
            _exemplarLabels.Add(_interner.Get(name), Encoding.UTF8.GetString(value));
        }

        return true;
    }

    private void AddExemplar(SeriesBatch batch, RemoteWriteResult result, bool valid, double value, long timestamp)
    {
        LabelSet labels;
        try
        {
            labels = valid ? _exemplarLabels.Build() : LabelSet.Empty;
        }
        catch (ArgumentException)
        {
            // A repeated label name.
            valid = false;
            labels = LabelSet.Empty;
        }

        if (!valid)
        {
            result.ExemplarsSkipped++;
            return;
        }

        batch.AddExemplar(new Exemplar(labels, value, timestamp));
    }
}
