using System.Collections.Concurrent;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// Per-tenant ingest totals kept in memory for the limits page: what was accepted in the last
/// minute (as a rate) and what each limit refused since start. The same events as the
/// <c>nines_ingest_*</c> counters on <c>/metrics</c>, which a page cannot read back. Updated once
/// per request (not per item) under a per-tenant lock.
/// </summary>
public sealed class IngestUsage(TimeProvider time)
{
    /// <summary>The span over which <see cref="TenantIngestUsage"/> rates are averaged.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private const int Slots = 6;
    private static readonly long TicksPerSlot = RateWindow.Ticks / Slots;

    private readonly ConcurrentDictionary<string, Tally> _tenants = new(StringComparer.Ordinal);

    /// <summary>The tenant's accepted rates (items/s over the last minute) and rejections since start, by signal and reason.</summary>
    public TenantIngestUsage For(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var tally))
        {
            return new TenantIngestUsage(0, 0, 0, []);
        }

        var now = time.GetUtcNow().UtcTicks / TicksPerSlot;
        lock (tally)
        {
            var rates = new double[3];
            for (var s = 0; s < 3; s++)
            {
                long sum = 0;
                for (var i = 0; i < Slots; i++)
                {
                    // The current slot is partly filled; the five before it and it cover about a minute.
                    if (tally.SlotEpoch[i] > now - Slots && tally.SlotEpoch[i] <= now)
                    {
                        sum += tally.Accepted[s, i];
                    }
                }

                rates[s] = sum / RateWindow.TotalSeconds;
            }

            var rejections = new List<IngestRejections>(tally.Rejected.Count);
            foreach (var ((signal, reason), count) in tally.Rejected)
            {
                rejections.Add(new IngestRejections(Name(signal), reason, count));
            }

            rejections.Sort(static (a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Reason, b.Reason));
            return new TenantIngestUsage(rates[0], rates[1], rates[2], rejections);
        }
    }

    internal void Accepted(string tenant, IngestSignal signal, long count)
    {
        var tally = _tenants.GetOrAdd(tenant, static _ => new Tally());
        var now = time.GetUtcNow().UtcTicks / TicksPerSlot;
        var slot = (int)(now % Slots);
        lock (tally)
        {
            if (tally.SlotEpoch[slot] != now)
            {
                tally.SlotEpoch[slot] = now;
                for (var s = 0; s < 3; s++)
                {
                    tally.Accepted[s, slot] = 0;
                }
            }

            tally.Accepted[(int)signal, slot] += count;
        }
    }

    internal void Rejected(string tenant, IngestSignal signal, string reason, long count)
    {
        var tally = _tenants.GetOrAdd(tenant, static _ => new Tally());
        lock (tally)
        {
            tally.Rejected[(signal, reason)] = tally.Rejected.GetValueOrDefault((signal, reason)) + count;
        }
    }

    internal static string Name(IngestSignal signal) => signal switch
    {
        IngestSignal.Samples => "samples",
        IngestSignal.Spans => "spans",
        _ => "logs",
    };

    // Guarded by its own monitor.
    private sealed class Tally
    {
        public long[] SlotEpoch { get; } = new long[Slots];

        public long[,] Accepted { get; } = new long[3, Slots];

        public Dictionary<(IngestSignal Signal, string Reason), long> Rejected { get; } = [];
    }
}
