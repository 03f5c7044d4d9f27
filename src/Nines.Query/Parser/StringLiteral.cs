namespace Nines.Query.Parser;

internal sealed class StringLiteral(string value) : Expr
{
    public string Value { get; } = value;

    public override PromType Type => PromType.String;
}
