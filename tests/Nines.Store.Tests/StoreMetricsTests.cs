using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Nines.Store.Model;
using Nines.Store.Tests.Infrastructure;

namespace Nines.Store.Tests;

public sealed class StoreMetricsTests
{
    [Theory]
    [BothEngines]
    public async Task Operations_OkAndConflict_CountedWithOpEngineAndOutcome(StoreEngine engine)
    {
        await using var t = await TestStore.CreateAsync(engine);
        var tenant = "m" + Guid.NewGuid().ToString("N")[..12];
        var seen = new ConcurrentBag<(string Instrument, string Op, string Engine, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StoreMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string op = "", eng = "", outcome = "";
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "op": op = (string)tag.Value!; break;
                    case "engine": eng = (string)tag.Value!; break;
                    case "outcome": outcome = (string)tag.Value!; break;
                }
            }

            seen.Add((instrument.Name, op, eng, outcome));
        }

        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        listener.Start();

        await t.Store.CreateTenantAsync(tenant, "Metrics", Actor.System);
        await Assert.ThrowsAsync<StoreConflictException>(() => t.Store.CreateTenantAsync(tenant, "Again", Actor.System));

        var engineName = engine == StoreEngine.Sqlite ? "sqlite" : "postgres";
        Assert.Contains(("nines.store.operations", "tenant.create", engineName, "ok"), seen);
        Assert.Contains(("nines.store.operations", "tenant.create", engineName, "conflict"), seen);
        Assert.Contains(("nines.store.operation.duration", "tenant.create", engineName, "ok"), seen);
    }
}
