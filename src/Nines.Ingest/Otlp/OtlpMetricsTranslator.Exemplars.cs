using Google.Protobuf;
using Google.Protobuf.Collections;
using Nines.Metrics.Exemplars;
using Nines.Metrics.Labels;
using Nines.Ingest.Series;
using OtlpExemplar = Nines.Ingest.Otlp.Proto.Metrics.V1.Exemplar;

namespace Nines.Ingest.Otlp;

// Exemplars as Prometheus' and Mimir's OTLP translators make them (otlptranslator
// prometheusremotewrite, getPromExemplars/addExemplars): the trace and span ids become the labels
// trace_id and span_id (lowercase hex), the filtered attributes are added only while all labels
// stay within 128 characters; a sum's exemplars go to its series, a histogram's each to the first
// bucket whose upper bound is at or above the exemplar's value (+Inf last). Gauges carry none.
public sealed partial class OtlpMetricsTranslator
{
    private const string TraceIdLabel = "trace_id";
    private const string SpanIdLabel = "span_id";

    private readonly List<Exemplar> _pendingExemplars = [];
    private readonly LabelSetBuilder _exemplarBuilder = new();
    private bool[] _exemplarTaken = new bool[8];

    private void BeginExemplars(RepeatedField<OtlpExemplar> exemplars)
    {
        if (exemplars.Count > _exemplarTaken.Length)
        {
            _exemplarTaken = new bool[exemplars.Count * 2];
        }

        Array.Clear(_exemplarTaken, 0, exemplars.Count);
    }

    /// <summary>Queues the exemplars (after <see cref="BeginExemplars"/>) not yet placed exemplars with value ≤ <paramref name="bound"/> for the next emitted series.</summary>
    private void TakeExemplars(RepeatedField<OtlpExemplar> exemplars, double bound)
    {
        if (exemplars.Count == 0)
        {
            return;
        }

        for (var i = 0; i < exemplars.Count; i++)
        {
            var e = exemplars[i];
            var value = e.ValueCase == OtlpExemplar.ValueOneofCase.AsInt ? e.AsInt : e.AsDouble;
            if (_exemplarTaken[i] || !(value <= bound))
            {
                continue;
            }

            _exemplarTaken[i] = true;
            if (ToExemplar(e, value) is { } exemplar)
            {
                _pendingExemplars.Add(exemplar);
            }
        }
    }

    private void FlushExemplars(SeriesBatch batch, OtlpMetricsResult result)
    {
        if (_pendingExemplars.Count == 0)
        {
            return;
        }

        foreach (var exemplar in _pendingExemplars)
        {
            batch.AddExemplar(exemplar);
        }

        result.ExemplarsWritten += _pendingExemplars.Count;
        _pendingExemplars.Clear();
    }

    private Exemplar? ToExemplar(OtlpExemplar e, double value)
    {
        _exemplarBuilder.Clear();
        var length = 0;
        if (!IsEmptyId(e.TraceId))
        {
            var hex = Convert.ToHexStringLower(e.TraceId.Span);
            _exemplarBuilder.Add(TraceIdLabel, hex);
            length += TraceIdLabel.Length + hex.Length;
        }

        if (!IsEmptyId(e.SpanId))
        {
            var hex = Convert.ToHexStringLower(e.SpanId.Span);
            _exemplarBuilder.Add(SpanIdLabel, hex);
            length += SpanIdLabel.Length + hex.Length;
        }

        var idLabels = _exemplarBuilder.Count;
        var attributes = 0;
        foreach (var kv in e.FilteredAttributes)
        {
            var name = OtlpNames.LabelName(kv.Key);
            var text = OtlpAttributeValue.AsString(kv.Value);
            if (name.AsSpan().TrimStart('_').IsEmpty || name is TraceIdLabel or SpanIdLabel || text.Length == 0)
            {
                continue;
            }

            _exemplarBuilder.Add(name, text);
            attributes += name.Length + Runes(text);
        }

        if (length + attributes > Exemplar.MaxLabelSetLength && _exemplarBuilder.Count > idLabels)
        {
            // Keep the ids, drop the attributes (Prometheus: "only append filtered attributes if it
            // does not cause exemplar labels to exceed the max number of runes").
            _exemplarBuilder.Clear();
            if (!IsEmptyId(e.TraceId))
            {
                _exemplarBuilder.Add(TraceIdLabel, Convert.ToHexStringLower(e.TraceId.Span));
            }

            if (!IsEmptyId(e.SpanId))
            {
                _exemplarBuilder.Add(SpanIdLabel, Convert.ToHexStringLower(e.SpanId.Span));
            }
        }

        try
        {
            return new Exemplar(_exemplarBuilder.Build(), value, ToMilliseconds(e.TimeUnixNano));
        }
        catch (ArgumentException)
        {
            // Two attributes sanitised to the same name: the exemplar is dropped, the point kept.
            return null;
        }
    }

    // An all-zero id is OTLP's "no id" (pcommon TraceID.IsEmpty).
    private static bool IsEmptyId(ByteString id)
    {
        foreach (var b in id.Span)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    // Prometheus measures the limit in runes (utf8.RuneCountInString); label names are ASCII here.
    private static int Runes(string text)
    {
        var n = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
