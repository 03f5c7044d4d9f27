using System.Text;

namespace Nines.Query.Parser;

/// <summary>
/// Multi-line formatting of /api/v1/format_query (promql/parser/prettier.go): a node is split
/// only when its single-line form is longer than 100 characters; two spaces per level.
/// </summary>
internal static class Prettier
{
    private const int MaxCharactersPerLine = 100;

    public static string Format(Expr e) => Pretty(e, 0);

    private static string Indent(int level) => new(' ', level * 2);

    private static bool NeedsSplit(Expr e) => Printer.Print(e).Length > MaxCharactersPerLine;

    private static string Pretty(Expr e, int level)
    {
        switch (e)
        {
            case AggregateExpr a when NeedsSplit(a):
            {
                var sb = new StringBuilder(Indent(level)).Append(Printer.AggregateOp(a)).Append("(\n");
                if (a.Param is not null)
                {
                    sb.Append(Pretty(a.Param, level + 1)).Append(",\n");
                }

                sb.Append(Pretty(a.Inner, level + 1)).Append('\n').Append(Indent(level)).Append(')');
                return sb.ToString();
            }

            case BinaryExpr b when NeedsSplit(b):
                return Pretty(b.Lhs, level + 1) + "\n" + Indent(level) + Printer.BinaryOp(b) + "\n" + Pretty(b.Rhs, level + 1);
            case Call c when NeedsSplit(c):
            {
                var sb = new StringBuilder(Indent(level)).Append(c.Func.Name).Append("(\n");
                for (var i = 0; i < c.Args.Count; i++)
                {
                    sb.Append(Pretty(c.Args[i], level + 1));
                    sb.Append(i < c.Args.Count - 1 ? ",\n" : "\n");
                }

                sb.Append(Indent(level)).Append(')');
                return sb.ToString();
            }

            case ParenExpr p when NeedsSplit(p):
                return Indent(level) + "(\n" + Pretty(p.Inner, level + 1) + "\n" + Indent(level) + ")";
            case SubqueryExpr q:
                // Prometheus returns the unsplit form without indentation here; kept for identical output.
                return NeedsSplit(q) ? Pretty(q.Inner, level) + Printer.SubquerySuffix(q) : Printer.Print(q);
            case UnaryExpr u:
                return Indent(level) + (u.Op == TokenKind.Sub ? "-" : "+") + Pretty(u.Inner, level).Trim();
            default:
                return Indent(level) + Printer.Print(e);
        }
    }
}
