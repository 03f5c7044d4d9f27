using Nines.Metrics.Labels;

namespace Nines.Metrics.Exemplars;

/// <summary>One exemplar of a series: its own labels (a trace id, say), a value and a time in Unix milliseconds.</summary>
/// <param name="Labels">The exemplar's labels, e.g. <c>trace_id</c> and <c>span_id</c>.</param>
/// <param name="Value">The observed value.</param>
/// <param name="Timestamp">Milliseconds since the Unix epoch.</param>
public readonly record struct Exemplar(LabelSet Labels, double Value, long Timestamp)
{
    /// <summary>Prometheus' <c>exemplar.ExemplarMaxLabelSetLength</c>: most characters of all label names and values together.</summary>
    public const int MaxLabelSetLength = 128;
}
