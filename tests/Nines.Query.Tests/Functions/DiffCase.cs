namespace Nines.Query.Tests.Functions;

/// <summary>
/// One expression evaluated by promtool at <paramref name="EvalSeconds"/>, and what the kernels say:
/// <paramref name="Candidates"/> lists the acceptable single answers (several when Prometheus's input
/// order is not deterministic); an empty list means Prometheus must return no sample.
/// <see cref="Multiset"/>, when set, instead expects several samples with these values in any order;
/// <see cref="Labels"/>, when set, also expects the single sample's label set as printed.
/// </summary>
internal sealed record DiffCase(string Family, string Expr, long EvalSeconds, IReadOnlyList<double> Candidates, double RelativeTolerance = 0)
{
    public IReadOnlyList<double>? Multiset { get; init; }

    public string? Labels { get; init; }

    /// <summary>When set, Prometheus must fail the evaluation with exactly this message.</summary>
    public string? Error { get; init; }

    public string Key => Expr.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "@" + Promtool.GoDuration(EvalSeconds);
}
