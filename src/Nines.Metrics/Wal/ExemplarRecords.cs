using Nines.Metrics.Exemplars;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Wal;

/// <summary>
/// The exemplars record (type 4, as Prometheus' <c>record.Exemplars</c>): <c>count:uvarint</c>, then
/// per exemplar <c>Δid:varint Δt:varint value:f64 LE labels:uvarint</c> and per label
/// <c>len:uvarint name len:uvarint value</c>, deltas from the previous exemplar (the first from 0),
/// as the samples record.
/// </summary>
internal static class ExemplarRecords
{
    /// <summary>Appends one exemplar; <paramref name="previousId"/> and <paramref name="previousT"/> carry the deltas.</summary>
    public static void Write(RecordBuffer buffer, uint id, in Exemplar exemplar, ref long previousId, ref long previousT)
    {
        buffer.WriteVarint(id - previousId);
        buffer.WriteVarint(exemplar.Timestamp - previousT);
        buffer.WriteDouble(exemplar.Value);
        buffer.WriteUVarint((ulong)exemplar.Labels.Count);
        for (var i = 0; i < exemplar.Labels.Count; i++)
        {
            buffer.WriteString(exemplar.Labels.NameAt(i));
            buffer.WriteString(exemplar.Labels.ValueAt(i));
        }

        previousId = id;
        previousT = exemplar.Timestamp;
    }

    /// <summary>Reads one exemplar written by <see cref="Write"/>; returns its WAL series id.</summary>
    public static long Read(ref PayloadReader reader, LabelSetBuilder builder, ref long previousId, ref long previousT, out Exemplar exemplar)
    {
        previousId += reader.ReadVarint();
        previousT += reader.ReadVarint();
        var value = reader.ReadDouble();
        var count = reader.ReadUVarint();
        builder.Clear();
        for (ulong i = 0; i < count; i++)
        {
            var name = reader.ReadBytes();
            var labelValue = reader.ReadBytes();
            builder.AddUtf8(name, labelValue);
        }

        exemplar = new Exemplar(builder.Build(), value, previousT);
        return previousId;
    }
}
