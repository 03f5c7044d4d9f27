namespace Nines.Query.Tests.Functions;

/// <summary>
/// A generated input series: its promtool selector (name and labels) and its samples; NaN-free gaps
/// are simply absent samples (written "_" in the series notation).
/// </summary>
internal sealed record DiffSeries(string Selector, long[] TimesMs, double[] Values, string Notation);
