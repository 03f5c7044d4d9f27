namespace Nines.Query.Parser;

internal sealed class ParenExpr(Expr inner) : Expr
{
    public Expr Inner { get; } = inner;

    public override PromType Type => Inner.Type;
}
