namespace Nines.Query.Parser;

internal sealed class AggregateExpr(TokenKind op, string opText) : Expr
{
    public TokenKind Op { get; } = op;

    /// <summary>The operator as written, lower-cased.</summary>
    public string OpText { get; } = opText;

    public Expr Inner { get; set; } = null!;

    public Expr? Param { get; set; }

    public List<string> Grouping { get; set; } = [];

    public bool Without { get; set; }

    public override PromType Type => PromType.Vector;

    public static bool TakesParam(TokenKind op) =>
        op is TokenKind.Topk or TokenKind.Bottomk or TokenKind.CountValues or TokenKind.Quantile or TokenKind.Limitk or TokenKind.LimitRatio;
}
