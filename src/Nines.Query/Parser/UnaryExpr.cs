namespace Nines.Query.Parser;

internal sealed class UnaryExpr(TokenKind op, Expr inner) : Expr
{
    public TokenKind Op { get; } = op;

    public Expr Inner { get; } = inner;

    public override PromType Type => Inner.Type;
}
