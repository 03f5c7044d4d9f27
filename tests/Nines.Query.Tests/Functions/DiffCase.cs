namespace Nines.Query.Tests.Functions;

/// <summary>
/// One expression evaluated by promtool at <paramref name="EvalSeconds"/>, and what the kernels say:
/// <paramref name="Candidates"/> lists the acceptable answers (several when Prometheus's input order is
/// not deterministic); an empty list means Prometheus must return no sample.
/// </summary>
internal sealed record DiffCase(string Family, string Expr, long EvalSeconds, IReadOnlyList<double> Candidates, double RelativeTolerance = 0)
{
    public string Key => Expr + "@" + Promtool.GoDuration(EvalSeconds);
}
