using Nines.Metrics.Exemplars;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Wal;

internal static partial class WalReplayer
{
    // The ring is refilled in WAL order, so it ends as it was before the restart: the same
    // duplicates and out-of-order exemplars are refused again, and the oldest fall out first.
    private static void ApplyExemplars(ReadOnlySpan<byte> payload, HeadBlock head, CircularExemplarStorage exemplars, LabelSetBuilder builder, uint[] map, WalReplayReport report)
    {
        var reader = new PayloadReader(payload);
        var count = reader.ReadUVarint();
        long id = 0, t = 0;
        for (ulong n = 0; n < count; n++)
        {
            ExemplarRecords.Read(ref reader, builder, ref id, ref t, out var exemplar);
            var headId = id > 0 && id < map.Length ? map[id] : 0;
            if (headId == 0 || head.GetSeriesLabels(headId) is not { } series)
            {
                continue;
            }

            if (exemplars.Add(headId, series, exemplar) == ExemplarAddResult.Ok)
            {
                report.Exemplars++;
            }
        }
    }
}
