namespace Nines.Query.Parser;

/// <summary><c>selector[range]</c>; offset and @ live on the inner selector.</summary>
internal sealed class MatrixSelector(VectorSelector selector, long rangeMs) : Expr
{
    public VectorSelector Selector { get; } = selector;

    public long RangeMs { get; } = rangeMs;

    public override PromType Type => PromType.Matrix;
}
