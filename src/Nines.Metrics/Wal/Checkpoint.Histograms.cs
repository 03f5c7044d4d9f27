using Nines.Metrics.Histograms;
using Nines.Metrics.IO;

namespace Nines.Metrics.Wal;

internal static partial class Checkpoint
{
    // Histogram samples at or after the cut of series still in the head, under the current head ids:
    // a record in, at most a record out. Returns the samples kept.
    private static long CopyHistograms(ref PayloadReader reader, ulong count, uint[] map, long cut, IAppendFile output)
    {
        var kept = new List<(uint Id, long T, Histogram H)>();
        long readId = 0, readT = 0;
        for (ulong n = 0; n < count; n++)
        {
            var id = HistogramRecords.Read(ref reader, ref readId, ref readT, out var histogram);
            var headId = id > 0 && id < map.Length ? map[id] : 0;
            if (headId != 0 && readT >= cut)
            {
                kept.Add((headId, readT, histogram));
            }
        }

        if (kept.Count == 0)
        {
            return 0;
        }

        var buffer = new RecordBuffer();
        try
        {
            buffer.BeginRecord();
            buffer.WriteUVarint((ulong)kept.Count);
            long writtenId = 0, writtenT = 0;
            foreach (var (id, t, h) in kept)
            {
                HistogramRecords.Write(buffer, id, t, h, ref writtenId, ref writtenT);
            }

            buffer.EndRecord(WalRecordType.HistogramSamples, int.MaxValue);
            output.Write(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Return();
        }

        return kept.Count;
    }
}
