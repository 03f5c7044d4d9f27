namespace Nines.Metrics.Labels;

/// <summary>One label of a series: a name and a non-empty value.</summary>
/// <param name="Name">The label name, for example <c>job</c> or <c>__name__</c>.</param>
/// <param name="Value">The label value.</param>
public readonly record struct Label(string Name, string Value);
