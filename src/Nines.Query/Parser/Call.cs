namespace Nines.Query.Parser;

internal sealed class Call(FunctionInfo func, List<Expr> args) : Expr
{
    public FunctionInfo Func { get; } = func;

    public List<Expr> Args { get; } = args;

    public override PromType Type => Func.ReturnType;
}
