namespace Nines.Query.Parser;

/// <summary><c>expr[range:step] @ t offset d</c>; a step of 0 means the default evaluation interval.</summary>
internal sealed class SubqueryExpr(Expr inner, long rangeMs, long stepMs) : Expr
{
    public Expr Inner { get; } = inner;

    public long RangeMs { get; } = rangeMs;

    public long StepMs { get; } = stepMs;

    public long OffsetMs { get; set; }

    public bool HasOffset { get; set; }

    public AtModifier At { get; set; }

    public long AtMs { get; set; }

    public override PromType Type => PromType.Matrix;
}
