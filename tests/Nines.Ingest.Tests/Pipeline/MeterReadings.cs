using System.Diagnostics.Metrics;

namespace Nines.Ingest.Tests.Pipeline;

/// <summary>Observes every instrument of a factory once and returns "name{tag=value}" → value.</summary>
internal static class MeterReadings
{
    public static Dictionary<string, long> Read(IMeterFactory factory)
    {
        var readings = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            readings[instrument.Name + string.Concat(tags.ToArray().Select(t => $"{{{t.Key}={t.Value}}}"))] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => readings[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
    }
}
