namespace Nines.Query.Parser;

internal sealed class BinaryExpr(TokenKind op, string opText, Expr lhs, Expr rhs) : Expr
{
    public TokenKind Op { get; } = op;

    public string OpText { get; } = opText;

    public Expr Lhs { get; } = lhs;

    public Expr Rhs { get; } = rhs;

    public bool ReturnBool { get; set; }

    public VectorMatching? Matching { get; set; }

    public override PromType Type =>
        Lhs.Type == PromType.Scalar && Rhs.Type == PromType.Scalar ? PromType.Scalar : PromType.Vector;

    public bool IsComparison => Op is TokenKind.EqlC or TokenKind.Neq or TokenKind.Lte or TokenKind.Lss or TokenKind.Gte or TokenKind.Gtr;

    public bool IsSetOperator => Op is TokenKind.And or TokenKind.Or or TokenKind.Unless;
}
