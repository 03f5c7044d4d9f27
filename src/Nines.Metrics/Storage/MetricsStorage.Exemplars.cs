using Nines.Metrics.Exemplars;
using Nines.Metrics.Index;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    // Set by Open before the WAL starts; filled on the WAL writer thread after each group commit.
    private CircularExemplarStorage _exemplars = new(0);

    /// <summary>Exemplars held in the tenant's ring (at most <see cref="MetricsStorageOptions.MaxExemplars"/>).</summary>
    public int ExemplarCount => _exemplars.Count;

    /// <summary>
    /// The exemplars in [<paramref name="mint"/>, <paramref name="maxt"/>] of the series that match all
    /// matchers of at least one set, ordered by series labels: Prometheus' exemplar querier
    /// <c>Select</c>, which <c>/api/v1/query_exemplars</c> answers from.
    /// </summary>
    public IReadOnlyList<ExemplarSeries> SelectExemplars(long mint, long maxt, IReadOnlyList<IReadOnlyList<Matcher>> matcherSets)
    {
        ArgumentNullException.ThrowIfNull(matcherSets);
        return _exemplars.Select(mint, maxt, matcherSets);
    }

    // The exemplars record travels in the same group commit as the batch's samples.
    private static void WriteExemplars(RecordBuffer buffer, MetricsBatch batch)
    {
        var ids = batch.Ids;
        buffer.BeginRecord();
        buffer.WriteUVarint((ulong)batch.ExemplarCount);
        long previousId = 0, previousT = 0;
        for (var i = 0; i < batch.ExemplarCount; i++)
        {
            ExemplarRecords.Write(buffer, ids[batch.ExemplarEntryAt(i)], batch.ExemplarAt(i), ref previousId, ref previousT);
        }

        buffer.EndRecord(WalRecordType.Exemplars, int.MaxValue);
    }

    // On the WAL writer thread, after the batch's samples: same order as replay, so same verdicts.
    private AppendOutcome ApplyExemplars(MetricsBatch batch, AppendOutcome outcome)
    {
        var ids = batch.Ids;
        int accepted = 0, duplicate = 0, outOfOrder = 0, tooLong = 0;
        for (var i = 0; i < batch.ExemplarCount; i++)
        {
            var entry = batch.ExemplarEntryAt(i);
            switch (_exemplars.Add(ids[entry], batch.LabelsAt(entry), batch.ExemplarAt(i)))
            {
                case ExemplarAddResult.Ok:
                    accepted++;
                    break;
                case ExemplarAddResult.Duplicate:
                    duplicate++;
                    break;
                case ExemplarAddResult.OutOfOrder:
                    outOfOrder++;
                    break;
                case ExemplarAddResult.LabelsTooLong:
                    tooLong++;
                    break;
            }
        }

        if (outOfOrder > 0)
        {
            StorageMetrics.Instance.ExemplarsRejected(Tenant, "out_of_order", outOfOrder);
        }

        if (tooLong > 0)
        {
            StorageMetrics.Instance.ExemplarsRejected(Tenant, "label_length", tooLong);
        }

        return outcome with { ExemplarsAccepted = accepted, ExemplarsDuplicate = duplicate, ExemplarsRejected = outOfOrder + tooLong };
    }
}
