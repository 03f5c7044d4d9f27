using Nines.Metrics.Labels;

namespace Nines.Metrics.Exemplars;

/// <summary>The exemplars of one series in a time range, oldest first (Prometheus' <c>exemplar.QueryResult</c>).</summary>
/// <param name="SeriesLabels">The series the exemplars belong to.</param>
/// <param name="Exemplars">The exemplars, in time order.</param>
public sealed record ExemplarSeries(LabelSet SeriesLabels, IReadOnlyList<Exemplar> Exemplars);
