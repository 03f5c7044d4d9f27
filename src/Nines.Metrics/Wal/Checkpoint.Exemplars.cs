using Nines.Metrics.Exemplars;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Wal;

internal static partial class Checkpoint
{
    // As Prometheus' checkpoint keeps exemplars at or after the new minimum time of series still in
    // the head: a record in, at most a record out, under the current head ids.
    private static void CopyExemplars(ref PayloadReader reader, ulong count, uint[] map, long cut, IAppendFile output, LabelSetBuilder builder)
    {
        var kept = new List<(uint Id, Exemplar Exemplar)>();
        long readId = 0, readT = 0;
        for (ulong n = 0; n < count; n++)
        {
            var id = ExemplarRecords.Read(ref reader, builder, ref readId, ref readT, out var exemplar);
            var headId = id > 0 && id < map.Length ? map[id] : 0;
            if (headId != 0 && exemplar.Timestamp >= cut)
            {
                kept.Add((headId, exemplar));
            }
        }

        if (kept.Count == 0)
        {
            return;
        }

        var buffer = new RecordBuffer();
        try
        {
            buffer.BeginRecord();
            buffer.WriteUVarint((ulong)kept.Count);
            long writtenId = 0, writtenT = 0;
            foreach (var (id, exemplar) in kept)
            {
                ExemplarRecords.Write(buffer, id, exemplar, ref writtenId, ref writtenT);
            }

            buffer.EndRecord(WalRecordType.Exemplars, int.MaxValue);
            output.Write(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Return();
        }
    }
}
