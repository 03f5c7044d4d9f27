using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// Per-tenant ingest counters on <c>/metrics</c>: what was accepted and what each limit refused;
/// the same events feed <see cref="IngestUsage"/> for the limits page.
/// </summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "Nines.Ingest";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly IngestUsage? _usage;

    public IngestMetrics(IMeterFactory meters, IngestUsage? usage = null)
    {
        _usage = usage;
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("nines.ingest.accepted", unit: "{item}", description: "Samples, spans and log records accepted, by tenant and signal.");
        _rejected = meter.CreateCounter<long>("nines.ingest.rejected", unit: "{item}", description: "Samples, spans and log records refused, by tenant, signal and reason (the limit's key, or invalid).");
    }

    public void Accepted(string tenant, IngestSignal signal, long count)
    {
        if (count > 0)
        {
            _usage?.Accepted(tenant, signal, count);
        }

        if (_accepted.Enabled && count > 0)
        {
            _accepted.Add(count, new TagList { { "tenant", tenant }, { "signal", Name(signal) } });
        }
    }

    public void Rejected(string tenant, IngestSignal signal, string reason, long count)
    {
        if (count > 0)
        {
            _usage?.Rejected(tenant, signal, reason, count);
        }

        if (_rejected.Enabled && count > 0)
        {
            _rejected.Add(count, new TagList { { "tenant", tenant }, { "signal", Name(signal) }, { "reason", reason } });
        }
    }

    internal static string Name(IngestSignal signal) => IngestUsage.Name(signal);
}
