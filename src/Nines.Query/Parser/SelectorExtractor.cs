using Nines.Metrics.Index;

namespace Nines.Query.Parser;

/// <summary>
/// Every vector selector's matchers in a parsed query, in the order Prometheus'
/// <c>parser.ExtractSelectors</c> finds them (a depth-first walk, left to right); used by
/// <c>/api/v1/query_exemplars</c> to pick the series whose exemplars a query would show.
/// </summary>
internal static class SelectorExtractor
{
    public static List<IReadOnlyList<Matcher>> Extract(Expr expr)
    {
        var found = new List<IReadOnlyList<Matcher>>();
        Walk(expr, found);
        return found;
    }

    private static void Walk(Expr expr, List<IReadOnlyList<Matcher>> found)
    {
        switch (expr)
        {
            case VectorSelector selector:
                found.Add(selector.Matchers);
                break;
            case MatrixSelector matrix:
                found.Add(matrix.Selector.Matchers);
                break;
            case AggregateExpr aggregate:
                Walk(aggregate.Inner, found);
                if (aggregate.Param is { } param)
                {
                    Walk(param, found);
                }

                break;
            case BinaryExpr binary:
                Walk(binary.Lhs, found);
                Walk(binary.Rhs, found);
                break;
            case Call call:
                foreach (var arg in call.Args)
                {
                    Walk(arg, found);
                }

                break;
            case ParenExpr paren:
                Walk(paren.Inner, found);
                break;
            case SubqueryExpr subquery:
                Walk(subquery.Inner, found);
                break;
            case UnaryExpr unary:
                Walk(unary.Inner, found);
                break;
        }
    }
}
