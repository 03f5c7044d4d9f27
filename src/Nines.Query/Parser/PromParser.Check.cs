namespace Nines.Query.Parser;

internal sealed partial class PromParser
{
    /// <summary>Type checks in the order of checkAST in parse.go, so the first error is Prometheus' first error.</summary>
    private PromType Check(Expr e)
    {
        switch (e)
        {
            case AggregateExpr a:
                ExpectType(a.Inner, PromType.Vector, "aggregation expression");
                if (a.Op is TokenKind.Topk or TokenKind.Bottomk or TokenKind.Quantile or TokenKind.Limitk or TokenKind.LimitRatio)
                {
                    ExpectType(a.Param!, PromType.Scalar, "aggregation parameter");
                }

                if (a.Op == TokenKind.CountValues)
                {
                    ExpectType(a.Param!, PromType.String, "aggregation parameter");
                }

                break;
            case BinaryExpr b:
                CheckBinary(b);
                break;
            case Call c:
                CheckCall(c);
                break;
            case ParenExpr p:
                Check(p.Inner);
                break;
            case UnaryExpr u:
                var ut = Check(u.Inner);
                if (ut is not (PromType.Scalar or PromType.Vector))
                {
                    throw ErrorAt(u.Start, "unary expression only allowed on expressions of type scalar or instant vector, got " + GoQuote.Quote(PromTypes.Documented(ut)));
                }

                break;
            case SubqueryExpr s:
                var st = Check(s.Inner);
                if (st != PromType.Vector)
                {
                    throw ErrorAt(s.Start, $"subquery is only allowed on instant vector, got {PromTypes.Name(st)} instead");
                }

                break;
            case MatrixSelector m:
                Check(m.Selector);
                break;
            case VectorSelector v:
                CheckSelector(v);
                break;
        }

        return e.Type;
    }

    private void ExpectType(Expr e, PromType want, string context)
    {
        var t = Check(e);
        if (t != want)
        {
            throw ErrorAt(e.Start, $"expected type {PromTypes.Documented(want)} in {context}, got {PromTypes.Documented(t)}");
        }
    }

    private void CheckSelector(VectorSelector v)
    {
        if (v.Name.Length != 0)
        {
            for (var i = 0; i < v.Matchers.Count - 1; i++)
            {
                var m = v.Matchers[i];
                if (m.Name == Metrics.Labels.LabelSet.MetricNameLabel)
                {
                    throw ErrorAt(v.Start, $"metric name must not be set twice: {GoQuote.Quote(v.Name)} or {GoQuote.Quote(m.Value)}");
                }
            }

            return;
        }

        // A selector must contain a matcher that does not match the empty string, so a typo cannot select every series.
        foreach (var m in v.Matchers)
        {
            if (!m.MatchesEmpty)
            {
                return;
            }
        }

        throw ErrorAt(v.Start, "vector selector must contain at least one non-empty matcher");
    }

    private void CheckCall(Call c)
    {
        var nargs = c.Func.ArgTypes.Length;
        var name = GoQuote.Quote(c.Func.Name);
        if (c.Func.Variadic == 0)
        {
            if (nargs != c.Args.Count)
            {
                throw ErrorAt(c.Start, $"expected {nargs} argument(s) in call to {name}, got {c.Args.Count}");
            }
        }
        else
        {
            var na = nargs - 1;
            if (na > c.Args.Count)
            {
                throw ErrorAt(c.Start, $"expected at least {na} argument(s) in call to {name}, got {c.Args.Count}");
            }

            var max = na + c.Func.Variadic;
            if (c.Func.Variadic > 0 && max < c.Args.Count)
            {
                throw ErrorAt(c.Start, $"expected at most {max} argument(s) in call to {name}, got {c.Args.Count}");
            }
        }

        for (var i = 0; i < c.Args.Count; i++)
        {
            var k = i;
            if (k >= nargs)
            {
                if (c.Func.Variadic == 0)
                {
                    break;
                }

                k = nargs - 1;
            }

            ExpectType(c.Args[i], c.Func.ArgTypes[k], "call to function " + name);
        }
    }

    private void CheckBinary(BinaryExpr b)
    {
        var lt = Check(b.Lhs);
        var rt = Check(b.Rhs);
        if (b.ReturnBool && !b.IsComparison)
        {
            throw ErrorAt(OperatorStart(b), "bool modifier can only be used on comparison operators");
        }

        if (b.IsComparison && !b.ReturnBool && lt == PromType.Scalar && rt == PromType.Scalar)
        {
            throw ErrorAt(OperatorStart(b), "comparisons between scalars must use BOOL modifier");
        }

        var vm = b.Matching;
        if (vm is not null && vm.On)
        {
            foreach (var l1 in vm.MatchingLabels)
            {
                if (vm.Include.Contains(l1))
                {
                    throw ErrorAt(OperatorStart(b), $"label {GoQuote.Quote(l1)} must not occur in ON and GROUP clause at once");
                }
            }
        }

        if (lt is not (PromType.Scalar or PromType.Vector))
        {
            throw ErrorAt(b.Lhs.Start, "binary expression must contain only scalar and instant vector types");
        }

        if (rt is not (PromType.Scalar or PromType.Vector))
        {
            throw ErrorAt(b.Rhs.Start, "binary expression must contain only scalar and instant vector types");
        }

        if ((lt != PromType.Vector || rt != PromType.Vector) && vm is not null)
        {
            if (vm.MatchingLabels.Count > 0)
            {
                throw ErrorAt(b.Start, "vector matching only allowed between instant vectors");
            }

            b.Matching = null;
        }
        else if (b.IsSetOperator && vm is not null)
        {
            if (vm.Card is VectorMatchCardinality.OneToMany or VectorMatchCardinality.ManyToOne)
            {
                throw ErrorAt(b.Start, $"no grouping allowed for {GoQuote.Quote(b.OpText)} operation");
            }
        }

        if ((lt == PromType.Scalar || rt == PromType.Scalar) && b.IsSetOperator)
        {
            throw ErrorAt(b.Start, $"set operator {GoQuote.Quote(b.OpText)} not allowed in binary scalar expression");
        }
    }

    // The operator's position: the first non-space after the left operand (opRange in parse.go).
    private int OperatorStart(BinaryExpr b)
    {
        var i = b.Lhs.End;
        while (i < _input.Length && _input[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        return i;
    }
}
