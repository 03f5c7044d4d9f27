namespace Nines.Query.Parser;

internal sealed class NumberLiteral(double value) : Expr
{
    public double Value { get; set; } = value;

    public override PromType Type => PromType.Scalar;
}
