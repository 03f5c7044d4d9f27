using System.Diagnostics.Metrics;

namespace Nines.Ingest.Pipeline.Redaction;

/// <summary>Exports the redactor's per-rule counts as <c>nines_ingest_redactions_total{rule}</c>.</summary>
internal sealed class RedactionMetrics
{
    public RedactionMetrics(IMeterFactory meters, Redactor redactor)
    {
        var meter = meters.Create(IngestMetrics.MeterName);
        // Observed at scrape time: the redactor counts with plain interlocked adds on the hot path.
        meter.CreateObservableCounter("nines.ingest.redactions", () => Observe(redactor), unit: "{redaction}",
            description: "Values, or parts of values, replaced before storage, by rule.");
    }

    private static IEnumerable<Measurement<long>> Observe(Redactor redactor)
    {
        foreach (var (rule, count) in redactor.Counts())
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("rule", rule));
        }
    }
}
