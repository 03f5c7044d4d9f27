using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nines.Metrics.Storage;

/// <summary>
/// The TSDB's instruments on meter <c>Nines.Metrics</c> (the host exports <c>Nines.*</c> on
/// /metrics), tagged with the storage's directory name (the tenant).
/// </summary>
internal sealed class StorageMetrics
{
    public const string MeterName = "Nines.Metrics";

    private static readonly Meter Meter = new(MeterName);

    private readonly Counter<long> _blocks = Meter.CreateCounter<long>(
        "nines.metrics.blocks.written", unit: "{block}", description: "Blocks written, by reason (head, compaction).");

    private readonly Counter<long> _deleted = Meter.CreateCounter<long>(
        "nines.metrics.blocks.deleted", unit: "{block}", description: "Blocks deleted, by reason (compacted, retention).");

    private readonly Counter<long> _quarantined = Meter.CreateCounter<long>(
        "nines.metrics.blocks.quarantined", unit: "{block}", description: "Blocks that failed verification and were moved to the quarantine directory.");

    private readonly Counter<long> _exemplarsRejected = Meter.CreateCounter<long>(
        "nines.metrics.exemplars.rejected", unit: "{exemplar}", description: "Exemplars not stored, by reason (out_of_order, label_length); Prometheus' prometheus_tsdb_exemplar_out_of_order_exemplars_total.");

    public static StorageMetrics Instance { get; } = new();

    public void ExemplarsRejected(string tenant, string reason, int count) => Add(_exemplarsRejected, tenant, reason, count);

    public void BlockWritten(string tenant, string reason) => Add(_blocks, tenant, reason, 1);

    public void BlocksDeleted(string tenant, string reason, int count) => Add(_deleted, tenant, reason, count);

    public void BlockQuarantined(string tenant) => Add(_quarantined, tenant, "corrupt", 1);

    private static void Add(Counter<long> counter, string tenant, string reason, int count)
    {
        if (counter.Enabled)
        {
            counter.Add(count, new TagList { { "tenant", tenant }, { "reason", reason } });
        }
    }
}
