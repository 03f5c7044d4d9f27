namespace Nines.Query.Parser;

/// <summary>A PromQL expression node; Start/End are UTF-16 offsets into the query (end exclusive).</summary>
internal abstract class Expr
{
    public int Start { get; set; }

    public int End { get; set; }

    public abstract PromType Type { get; }

    public override string ToString() => Printer.Print(this);
}
