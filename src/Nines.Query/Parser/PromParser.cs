using System.Text;

namespace Nines.Query.Parser;

/// <summary>
/// Recursive-descent PromQL parser reproducing the grammar, precedence and error messages of
/// Prometheus 2.x' yacc parser (promql/parser/generated_parser.y, parse.go). The first error
/// stops the parse, as Prometheus reports only its first error.
/// </summary>
internal sealed partial class PromParser
{
    private readonly string _input;
    private readonly List<Token> _tokens;
    private int _index;

    private PromParser(string input)
    {
        _input = input;
        _tokens = Lexer.Lex(input);
    }

    /// <summary>Parses and type-checks a query.</summary>
    /// <exception cref="QueryException">Parse or type error, with Prometheus' message and position.</exception>
    public static Expr ParseExpr(string input)
    {
        var parser = new PromParser(input);
        var expr = parser.ParseTop();
        parser.Check(expr);
        return expr;
    }

    /// <summary>
    /// Parses a bare series selector (match[] parameters; parser.ParseMetricSelector): only a
    /// name and/or braces, no modifiers, and no non-empty-matcher check (the API does its own).
    /// </summary>
    public static VectorSelector ParseSelector(string input)
    {
        var parser = new PromParser(input);
        var t = parser.Peek();
        VectorSelector vs;
        if (t.Kind == TokenKind.LeftBrace)
        {
            vs = parser.ParseVectorSelector(null);
        }
        else if (t.Kind is TokenKind.Identifier or TokenKind.MetricIdentifier || t.IsAggregator
            || t.Kind is TokenKind.By or TokenKind.Without or TokenKind.Offset or TokenKind.Start or TokenKind.End
                or TokenKind.And or TokenKind.Or or TokenKind.Unless)
        {
            parser.Next();
            vs = parser.ParseVectorSelector(t);
        }
        else
        {
            throw parser.Unexpected(t);
        }

        var end = parser.Peek();
        if (end.Kind != TokenKind.Eof)
        {
            throw parser.Unexpected(end);
        }

        return vs;
    }

    private Token Peek()
    {
        var t = _tokens[_index];
        if (t.Kind == TokenKind.Error)
        {
            throw ErrorAt(t.Pos, t.Text);
        }

        return t;
    }

    private Token PeekAt(int ahead)
    {
        var i = Math.Min(_index + ahead, _tokens.Count - 1);
        return _tokens[i];
    }

    private Token Next()
    {
        var t = Peek();
        if (t.Kind != TokenKind.Eof)
        {
            _index++;
        }

        return t;
    }

    private Token Expect(TokenKind kind, string context, string expected)
    {
        var t = Peek();
        if (t.Kind != kind)
        {
            throw Unexpected(t, context, expected);
        }

        return Next();
    }

    internal QueryException ErrorAt(int pos, string message)
    {
        var (line, col) = Position(_input, pos);
        return new QueryException(QueryErrorType.BadData, $"{line}:{col}: parse error: {message}", line, col);
    }

    private QueryException Unexpected(Token t, string context = "", string expected = "")
    {
        var sb = new StringBuilder("unexpected ").Append(t.Describe());
        if (context.Length != 0)
        {
            sb.Append(" in ").Append(context);
        }

        if (expected.Length != 0)
        {
            sb.Append(", expected ").Append(expected);
        }

        return ErrorAt(t.Pos, sb.ToString());
    }

    /// <summary>1-based line and byte column, as Prometheus' ParseErr counts them (UTF-8 bytes).</summary>
    private static (int Line, int Col) Position(string input, int pos)
    {
        pos = Math.Clamp(pos, 0, input.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < pos; i++)
        {
            if (input[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var col = Encoding.UTF8.GetByteCount(input.AsSpan(lineStart, pos - lineStart)) + 1;
        return (line, col);
    }

    private Expr ParseTop()
    {
        if (Peek().Kind == TokenKind.Eof)
        {
            throw ErrorAt(0, "no expression found in input");
        }

        var expr = ParseBinary(0);
        var t = Peek();
        if (t.Kind != TokenKind.Eof)
        {
            throw Unexpected(t);
        }

        return expr;
    }

    // Precedence from generated_parser.y: or < and/unless < comparisons < +- < */%/atan2 < ^ (right-associative).
    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.Or => 1,
        TokenKind.And or TokenKind.Unless => 2,
        TokenKind.EqlC or TokenKind.Neq or TokenKind.Lte or TokenKind.Lss or TokenKind.Gte or TokenKind.Gtr => 3,
        TokenKind.Add or TokenKind.Sub => 4,
        TokenKind.Mul or TokenKind.Div or TokenKind.Mod or TokenKind.Atan2 => 5,
        TokenKind.Pow => 6,
        _ => 0,
    };

    private Expr ParseBinary(int minPrec)
    {
        var lhs = ParseUnary();
        while (true)
        {
            var op = Peek();
            var prec = Precedence(op.Kind);
            if (prec == 0 || prec < minPrec)
            {
                return lhs;
            }

            Next();
            var bin = ParseBinaryModifiers(op);
            var rhs = ParseBinary(op.Kind == TokenKind.Pow ? prec : prec + 1);
            var result = new BinaryExpr(op.Kind, op.Text.ToLowerInvariant(), lhs, rhs)
            {
                ReturnBool = bin.ReturnBool,
                Matching = bin.Matching,
                Start = lhs.Start,
                End = rhs.End,
            };
            lhs = result;
        }
    }

    private (bool ReturnBool, VectorMatching Matching) ParseBinaryModifiers(Token op)
    {
        var returnBool = false;
        var matching = new VectorMatching { Card = VectorMatchCardinality.OneToOne };
        if (Peek().Kind == TokenKind.Bool)
        {
            Next();
            returnBool = true;
        }

        var t = Peek();
        if (t.Kind is TokenKind.On or TokenKind.Ignoring)
        {
            Next();
            matching.On = t.Kind == TokenKind.On;
            matching.MatchingLabels = ParseGroupingLabels();
            t = Peek();
            if (t.Kind is TokenKind.GroupLeft or TokenKind.GroupRight)
            {
                Next();
                matching.Card = t.Kind == TokenKind.GroupLeft ? VectorMatchCardinality.ManyToOne : VectorMatchCardinality.OneToMany;
                var after = Peek();
                if (after.Kind == TokenKind.LeftParen)
                {
                    matching.Include = ParseGroupingLabels();
                }
                else if (after.Kind is TokenKind.On or TokenKind.Ignoring or TokenKind.GroupLeft or TokenKind.GroupRight or TokenKind.Bool)
                {
                    throw Unexpected(after, "grouping opts", "\"(\"");
                }
            }
        }

        if (op.Kind is TokenKind.And or TokenKind.Or or TokenKind.Unless && matching.Card == VectorMatchCardinality.OneToOne)
        {
            matching.Card = VectorMatchCardinality.ManyToMany;
        }

        return (returnBool, matching);
    }

    private Expr ParseUnary()
    {
        var t = Peek();
        if (t.Kind is TokenKind.Add or TokenKind.Sub)
        {
            Next();

            // Unary operators bind like '*': tighter than everything but '^' (generated_parser.y: %prec MUL).
            var operand = ParseBinary(6);
            if (operand is NumberLiteral n)
            {
                if (t.Kind == TokenKind.Sub)
                {
                    n.Value = -n.Value;
                }

                n.Start = t.Pos;
                return n;
            }

            return new UnaryExpr(t.Kind, operand) { Start = t.Pos, End = operand.End };
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePrimary()
    {
        var t = Peek();
        switch (t.Kind)
        {
            case TokenKind.Number:
                Next();
                return new NumberLiteral(ParseNumber(t)) { Start = t.Pos, End = t.End };
            case TokenKind.String:
                Next();
                return new StringLiteral(Unquote(t.Text)) { Start = t.Pos, End = t.End };
            case TokenKind.LeftParen:
            {
                Next();
                var inner = ParseBinary(0);
                var close = Peek();
                if (close.Kind != TokenKind.RightParen)
                {
                    throw Unexpected(close);
                }

                Next();
                return new ParenExpr(inner) { Start = t.Pos, End = close.End };
            }

            case TokenKind.LeftBrace:
                return ParseVectorSelector(null);
            case TokenKind.Identifier when PeekAt(1).Kind == TokenKind.LeftParen:
                return ParseCall();
            case TokenKind.Identifier or TokenKind.MetricIdentifier:
                Next();
                return ParseVectorSelector(t);
        }

        if (t.IsAggregator)
        {
            var next = PeekAt(1).Kind;
            if (next is TokenKind.LeftParen or TokenKind.By or TokenKind.Without)
            {
                return ParseAggregate();
            }

            Next();
            return ParseVectorSelector(t);
        }

        // Keywords that Prometheus' grammar also accepts as metric names (metric_identifier).
        if (t.Kind is TokenKind.By or TokenKind.Without or TokenKind.Offset or TokenKind.Start or TokenKind.End
            or TokenKind.And or TokenKind.Or or TokenKind.Unless)
        {
            Next();
            return ParseVectorSelector(t);
        }

        throw Unexpected(t);
    }

    private Call ParseCall()
    {
        var name = Next();
        var args = ParseCallBody();
        var close = _tokens[_index - 1];
        if (!FunctionTable.TryGet(name.Text, out var info))
        {
            throw ErrorAt(name.Pos, "unknown function with name " + GoQuote.Quote(name.Text));
        }

        return new Call(info, args) { Start = name.Pos, End = close.End };
    }

    private List<Expr> ParseCallBody(string context = "")
    {
        // Prometheus' grammar: "aggregate_op error" reports "unexpected … in aggregation".
        Expect(TokenKind.LeftParen, context, string.Empty);
        var args = new List<Expr>();
        if (Peek().Kind == TokenKind.RightParen)
        {
            Next();
            return args;
        }

        while (true)
        {
            args.Add(ParseBinary(0));
            var t = Peek();
            if (t.Kind == TokenKind.RightParen)
            {
                Next();
                return args;
            }

            if (t.Kind != TokenKind.Comma)
            {
                throw Unexpected(t);
            }

            Next();
            if (Peek().Kind == TokenKind.RightParen)
            {
                throw ErrorAt(t.Pos, "trailing commas not allowed in function call args");
            }
        }
    }

    private AggregateExpr ParseAggregate()
    {
        var op = Next();
        var agg = new AggregateExpr(op.Kind, op.Text.ToLowerInvariant()) { Start = op.Pos };
        var t = Peek();
        if (t.Kind is TokenKind.By or TokenKind.Without)
        {
            Next();
            agg.Without = t.Kind == TokenKind.Without;
            agg.Grouping = ParseGroupingLabels();
        }

        var args = ParseCallBody("aggregation");
        agg.End = _tokens[_index - 1].End;
        if (t.Kind is not (TokenKind.By or TokenKind.Without))
        {
            var after = Peek();
            if (after.Kind is TokenKind.By or TokenKind.Without)
            {
                Next();
                agg.Without = after.Kind == TokenKind.Without;
                agg.Grouping = ParseGroupingLabels();
                agg.End = _tokens[_index - 1].End;
            }
        }

        if (args.Count == 0)
        {
            throw ErrorAt(agg.Start, "no arguments for aggregate expression provided");
        }

        var desired = AggregateExpr.TakesParam(op.Kind) ? 2 : 1;
        if (args.Count != desired)
        {
            throw ErrorAt(agg.Start, $"wrong number of arguments for aggregate expression provided, expected {desired}, got {args.Count}");
        }

        if (desired == 2)
        {
            agg.Param = args[0];
        }

        agg.Inner = args[^1];
        return agg;
    }

    private List<string> ParseGroupingLabels()
    {
        var open = Peek();
        if (open.Kind != TokenKind.LeftParen)
        {
            throw Unexpected(open, "grouping opts", "\"(\"");
        }

        Next();
        var labels = new List<string>();
        if (Peek().Kind == TokenKind.RightParen)
        {
            Next();
            return labels;
        }

        while (true)
        {
            var t = Peek();
            var isWord = t.Kind == TokenKind.Identifier || t.IsKeyword || t.IsAggregator
                || t.Kind is TokenKind.And or TokenKind.Or or TokenKind.Unless or TokenKind.Atan2;
            if (!isWord || !Metrics.Labels.LabelSetBuilder.IsValidLabelName(t.Text))
            {
                throw Unexpected(t, "grouping opts", "label");
            }

            Next();
            labels.Add(t.Text);
            var sep = Peek();
            if (sep.Kind == TokenKind.RightParen)
            {
                Next();
                return labels;
            }

            if (sep.Kind != TokenKind.Comma)
            {
                throw Unexpected(sep, "grouping opts", "\",\" or \")\"");
            }

            Next();
            if (Peek().Kind == TokenKind.RightParen)
            {
                Next();
                return labels;
            }
        }
    }
}
