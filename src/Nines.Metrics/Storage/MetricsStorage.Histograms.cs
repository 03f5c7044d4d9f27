using Nines.Metrics.Head;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    // Checked before anything is written: the chunk encoder relies on spans matching buckets, and
    // the WAL must not hold a sample replay would refuse.
    private static void ValidateHistograms(MetricsBatch batch)
    {
        for (var i = 0; i < batch.HistogramCount; i++)
        {
            if (batch.HistogramAt(i).Validate() is { } fault)
            {
                throw new ArgumentException($"Histogram sample at {batch.HistogramTimestampAt(i)} of series {batch.LabelsAt(batch.HistogramEntryAt(i))}: {fault}.", nameof(batch));
            }
        }
    }

    // The histogram-samples record follows the float samples record in the same group commit: an
    // acknowledged histogram is durable, and replay applies floats then histograms as the live path does.
    private static void WriteHistograms(RecordBuffer buffer, MetricsBatch batch, int maxRecordBytes)
    {
        var ids = batch.Ids;
        buffer.BeginRecord();
        buffer.WriteUVarint((ulong)batch.HistogramCount);
        long previousId = 0, previousT = 0;
        for (var i = 0; i < batch.HistogramCount; i++)
        {
            HistogramRecords.Write(buffer, ids[batch.HistogramEntryAt(i)], batch.HistogramTimestampAt(i), batch.HistogramAt(i), ref previousId, ref previousT);
        }

        buffer.EndRecord(WalRecordType.HistogramSamples, maxRecordBytes);
    }

    // On the WAL writer thread, after the batch's float samples (the WAL order). Returns the accepted count.
    private (int Accepted, int Duplicate) ApplyHistograms(MetricsBatch batch, ref AppendCounts counts)
    {
        var ids = batch.Ids;
        int accepted = 0, duplicate = 0;
        for (var i = 0; i < batch.HistogramCount; i++)
        {
            switch (Head.AppendHistogramCounted(ids[batch.HistogramEntryAt(i)], batch.HistogramTimestampAt(i), batch.HistogramAt(i), ref counts))
            {
                case Chunks.AppendResult.Ok:
                    accepted++;
                    break;
                case Chunks.AppendResult.Duplicate:
                    duplicate++;
                    break;
            }
        }

        return (accepted, duplicate);
    }
}
