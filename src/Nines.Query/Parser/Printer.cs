using System.Globalization;
using System.Text;
using Nines.Metrics.Index;

namespace Nines.Query.Parser;

/// <summary>Single-line rendering of expressions, as the String() methods of promql/parser/printer.go.</summary>
internal static class Printer
{
    public static string Print(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case NumberLiteral n:
                sb.Append(GoFloat.Format(n.Value));
                break;
            case StringLiteral s:
                sb.Append(GoQuote.Quote(s.Value));
                break;
            case ParenExpr p:
                sb.Append('(');
                Write(sb, p.Inner);
                sb.Append(')');
                break;
            case UnaryExpr u:
                sb.Append(u.Op == TokenKind.Sub ? '-' : '+');
                Write(sb, u.Inner);
                break;
            case VectorSelector v:
                WriteSelector(sb, v);
                WriteAtOffset(sb, v.At, v.AtMs, v.OffsetMs);
                break;
            case MatrixSelector m:
                WriteSelector(sb, m.Selector);
                sb.Append('[').Append(Durations.Format(m.RangeMs)).Append(']');
                WriteAtOffset(sb, m.Selector.At, m.Selector.AtMs, m.Selector.OffsetMs);
                break;
            case SubqueryExpr q:
                Write(sb, q.Inner);
                sb.Append(SubquerySuffix(q));
                break;
            case Call c:
                sb.Append(c.Func.Name).Append('(');
                for (var i = 0; i < c.Args.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, c.Args[i]);
                }

                sb.Append(')');
                break;
            case AggregateExpr a:
                sb.Append(AggregateOp(a)).Append('(');
                if (a.Param is not null)
                {
                    Write(sb, a.Param);
                    sb.Append(", ");
                }

                Write(sb, a.Inner);
                sb.Append(')');
                break;
            case BinaryExpr b:
                Write(sb, b.Lhs);
                sb.Append(' ').Append(BinaryOp(b)).Append(' ');
                Write(sb, b.Rhs);
                break;
        }
    }

    /// <summary><c>sum by (a) </c>, <c>sum without () </c> or <c>sum</c> (getAggOpStr).</summary>
    public static string AggregateOp(AggregateExpr a)
    {
        if (a.Without)
        {
            return a.OpText + " without (" + string.Join(", ", a.Grouping) + ") ";
        }

        if (a.Grouping.Count > 0)
        {
            return a.OpText + " by (" + string.Join(", ", a.Grouping) + ") ";
        }

        return a.OpText;
    }

    /// <summary>The operator with bool and matching modifiers (getMatchingStr).</summary>
    public static string BinaryOp(BinaryExpr b)
    {
        var s = b.OpText;
        if (b.ReturnBool)
        {
            s += " bool";
        }

        var vm = b.Matching;
        if (vm is not null && (vm.MatchingLabels.Count > 0 || vm.On))
        {
            s += " " + (vm.On ? "on" : "ignoring") + " (" + string.Join(", ", vm.MatchingLabels) + ")";
            if (vm.Card is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany)
            {
                s += " group_" + (vm.Card == VectorMatchCardinality.ManyToOne ? "left" : "right") + " (" + string.Join(", ", vm.Include) + ")";
            }
        }

        return s;
    }

    public static string SubquerySuffix(SubqueryExpr q)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(Durations.Format(q.RangeMs)).Append(':');
        if (q.StepMs != 0)
        {
            sb.Append(Durations.Format(q.StepMs));
        }

        sb.Append(']');
        WriteAtOffset(sb, q.At, q.AtMs, q.OffsetMs);
        return sb.ToString();
    }

    private static void WriteSelector(StringBuilder sb, VectorSelector v)
    {
        var parts = new List<string>(v.Matchers.Count);
        foreach (var m in v.Matchers)
        {
            if (m.Name == Metrics.Labels.LabelSet.MetricNameLabel && m.Type == MatcherType.Equal && m.Value == v.Name)
            {
                continue;
            }

            parts.Add(m.Name + OperatorText(m.Type) + GoQuote.Quote(m.Value));
        }

        sb.Append(v.Name);
        if (parts.Count > 0)
        {
            parts.Sort(StringComparer.Ordinal);
            sb.Append('{').AppendJoin(',', parts).Append('}');
        }
    }

    private static string OperatorText(MatcherType t) => t switch
    {
        MatcherType.Equal => "=",
        MatcherType.NotEqual => "!=",
        MatcherType.Regex => "=~",
        _ => "!~",
    };

    private static void WriteAtOffset(StringBuilder sb, AtModifier at, long atMs, long offsetMs)
    {
        switch (at)
        {
            case AtModifier.Timestamp:
                sb.Append(" @ ").Append((atMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
                break;
            case AtModifier.Start:
                sb.Append(" @ start()");
                break;
            case AtModifier.End:
                sb.Append(" @ end()");
                break;
        }

        if (offsetMs > 0)
        {
            sb.Append(" offset ").Append(Durations.Format(offsetMs));
        }
        else if (offsetMs < 0)
        {
            sb.Append(" offset -").Append(Durations.Format(-offsetMs));
        }
    }
}
