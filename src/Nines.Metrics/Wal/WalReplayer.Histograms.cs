using Nines.Metrics.Chunks;
using Nines.Metrics.Head;

namespace Nines.Metrics.Wal;

internal static partial class WalReplayer
{
    // One histogram decoded at a time straight into the head: memory stays bounded by one record, as for floats.
    private static void ApplyHistograms(ReadOnlySpan<byte> payload, HeadBlock head, uint[] map, WalReplayReport report)
    {
        var reader = new PayloadReader(payload);
        var count = reader.ReadUVarint();
        long id = 0, t = 0;
        for (ulong n = 0; n < count; n++)
        {
            HistogramRecords.Read(ref reader, ref id, ref t, out var histogram);
            report.Histograms++;
            var headId = id > 0 && id < map.Length ? map[id] : 0;
            if (headId == 0)
            {
                report.UnknownSeriesSamples++;
                continue;
            }

            if (head.AppendHistogram(headId, t, histogram) != AppendResult.Ok)
            {
                report.RejectedSamples++;
            }
        }
    }
}
