using Nines.Metrics.Labels;

namespace Nines.Metrics.Wal;

/// <summary>
/// Payload encodings, after Prometheus' <c>tsdb/record</c>:
/// <list type="bullet">
/// <item>series: <c>count:uvarint</c>, then per series <c>id:uvarint labels:uvarint</c> and per label
/// <c>len:uvarint name len:uvarint value</c> (UTF-8);</item>
/// <item>samples: <c>count:uvarint</c>, then per sample <c>Δid:varint Δt:varint value:f64 LE</c>, deltas from
/// the previous sample (the first from 0). Prometheus deltas from the first sample; deltas from the
/// previous one keep timestamps of a series' consecutive samples at 1–3 bytes.</item>
/// </list>
/// </summary>
internal static class WalRecords
{
    public static void WriteSeries(RecordBuffer buffer, uint id, LabelSet labels)
    {
        buffer.WriteUVarint(id);
        buffer.WriteUVarint((ulong)labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            buffer.WriteString(labels.NameAt(i));
            buffer.WriteString(labels.ValueAt(i));
        }
    }

    public static LabelSet ReadSeries(ref PayloadReader reader, LabelSetBuilder builder, out uint id)
    {
        var rawId = reader.ReadUVarint();
        if (rawId is 0 or > uint.MaxValue)
        {
            throw new InvalidDataException("WAL series record has an invalid series id.");
        }

        id = (uint)rawId;
        var count = reader.ReadUVarint();
        builder.Clear();
        for (ulong i = 0; i < count; i++)
        {
            var name = reader.ReadBytes();
            var value = reader.ReadBytes();
            builder.AddUtf8(name, value);
        }

        return builder.Build();
    }
}
