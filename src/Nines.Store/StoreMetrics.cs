using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nines.Store;

// The store's own metrics: operations by name, engine and outcome, and their duration. The store is
// opened without dependency injection (CLI verbs open it too), hence one process-wide meter.
internal sealed class StoreMetrics
{
    public const string MeterName = "Nines.Store";

    private static readonly Meter Meter = new(MeterName);

    private readonly Counter<long> operations = Meter.CreateCounter<long>(
        "nines.store.operations", unit: "{operation}", description: "Control-plane store operations, by op, engine and outcome (ok, conflict, error).");

    private readonly Histogram<double> duration = Meter.CreateHistogram<double>(
        "nines.store.operation.duration", unit: "s", description: "How long control-plane store operations take, including waits for locks.");

    public static StoreMetrics Instance { get; } = new();

    public void Record(string op, string engine, string outcome, TimeSpan elapsed)
    {
        if (!operations.Enabled && !duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "op", op },
            { "engine", engine },
            { "outcome", outcome },
        };
        if (operations.Enabled)
        {
            operations.Add(1, tags);
        }

        if (duration.Enabled)
        {
            duration.Record(elapsed.TotalSeconds, tags);
        }
    }
}
