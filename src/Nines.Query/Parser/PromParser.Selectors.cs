using System.Globalization;
using Nines.Metrics.Index;

namespace Nines.Query.Parser;

internal sealed partial class PromParser
{
    private VectorSelector ParseVectorSelector(Token? name)
    {
        var matchers = new List<Matcher>();
        var start = name?.Pos ?? Peek().Pos;
        var end = name?.End ?? start;
        if (Peek().Kind == TokenKind.LeftBrace)
        {
            end = ParseLabelMatchers(matchers);
        }

        var metricName = name?.Text ?? string.Empty;
        if (name is not null)
        {
            matchers.Add(Matcher.Create(MatcherType.Equal, Metrics.Labels.LabelSet.MetricNameLabel, metricName));
        }

        return new VectorSelector(metricName, matchers) { Start = start, End = end };
    }

    // Returns the end offset of the closing brace.
    private int ParseLabelMatchers(List<Matcher> matchers)
    {
        Next();
        if (Peek().Kind == TokenKind.RightBrace)
        {
            return Next().End;
        }

        while (true)
        {
            var name = Peek();
            if (name.Kind != TokenKind.Identifier)
            {
                throw Unexpected(name, "label matching", "identifier or \"}\"");
            }

            Next();
            var op = Peek();
            MatcherType type;
            switch (op.Kind)
            {
                case TokenKind.Assign: type = MatcherType.Equal; break;
                case TokenKind.Neq: type = MatcherType.NotEqual; break;
                case TokenKind.EqlRegex: type = MatcherType.Regex; break;
                case TokenKind.NeqRegex: type = MatcherType.NotRegex; break;
                default: throw Unexpected(op, "label matching", "label matching operator");
            }

            Next();
            var value = Peek();
            if (value.Kind != TokenKind.String)
            {
                throw Unexpected(value, "label matching", "string");
            }

            Next();
            var text = Unquote(value.Text);
            // Go's regexp refuses some patterns .NET takes (a{1001}, (?<n>a), [[:foo:]]): check them
            // as Go would first, so both the refusal and its text are Prometheus'.
            if (type is MatcherType.Regex or MatcherType.NotRegex && GoRegexpErrors.FirstError("^(?:" + text + ")$") is { } goError)
            {
                throw ErrorAt(name.Pos, "error parsing regexp: " + goError);
            }

            try
            {
                matchers.Add(Matcher.Create(type, name.Text, text));
            }
            catch (ArgumentException ex)
            {
                // Only what Go accepts gets here; a .NET refusal keeps .NET's detail.
                throw ErrorAt(name.Pos, "error parsing regexp: " + (ex.InnerException?.Message ?? ex.Message));
            }

            var sep = Peek();
            if (sep.Kind == TokenKind.RightBrace)
            {
                return Next().End;
            }

            if (sep.Kind != TokenKind.Comma)
            {
                throw Unexpected(sep, "label matching", "\",\" or \"}\"");
            }

            Next();
            if (Peek().Kind == TokenKind.RightBrace)
            {
                return Next().End;
            }
        }
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            var t = Peek();
            switch (t.Kind)
            {
                case TokenKind.LeftBracket:
                    expr = ParseRange(expr);
                    break;
                case TokenKind.Offset:
                    expr = ParseOffset(expr);
                    break;
                case TokenKind.At:
                    expr = ParseAt(expr);
                    break;
                default:
                    return expr;
            }
        }
    }

    private Expr ParseRange(Expr expr)
    {
        var open = Next();
        var rangeTok = Peek();
        if (rangeTok.Kind != TokenKind.Duration)
        {
            throw Unexpected(rangeTok, string.Empty, string.Empty);
        }

        Next();
        var range = ParseDuration(rangeTok);
        var t = Peek();
        if (t.Kind == TokenKind.RightBracket)
        {
            Next();
            if (expr is not VectorSelector vs)
            {
                throw ErrorAt(open.Pos, "ranges only allowed for vector selectors");
            }

            if (vs.HasOffset)
            {
                throw ErrorAt(open.Pos, "no offset modifiers allowed before range");
            }

            if (vs.At != AtModifier.None)
            {
                throw ErrorAt(open.Pos, "no @ modifiers allowed before range");
            }

            return new MatrixSelector(vs, range) { Start = vs.Start, End = t.End };
        }

        if (t.Kind != TokenKind.Colon)
        {
            throw Unexpected(t);
        }

        Next();
        long step = 0;
        if (Peek().Kind == TokenKind.Duration)
        {
            step = ParseDuration(Next());
        }

        var close = Peek();
        if (close.Kind != TokenKind.RightBracket)
        {
            throw Unexpected(close);
        }

        Next();
        return new SubqueryExpr(expr, range, step) { Start = expr.Start, End = close.End };
    }

    private Expr ParseOffset(Expr expr)
    {
        Next();
        var negative = false;
        var t = Peek();
        if (t.Kind == TokenKind.Sub)
        {
            Next();
            negative = true;
            t = Peek();
        }

        if (t.Kind != TokenKind.Duration)
        {
            throw Unexpected(t, "offset", "duration");
        }

        Next();
        var ms = ParseDuration(t);
        if (negative)
        {
            ms = -ms;
        }

        switch (expr)
        {
            case VectorSelector vs:
                if (vs.HasOffset)
                {
                    throw ErrorAt(expr.Start, "offset may not be set multiple times");
                }

                vs.HasOffset = true;
                vs.OffsetMs = ms;
                break;
            case MatrixSelector m:
                if (m.Selector.HasOffset)
                {
                    throw ErrorAt(expr.Start, "offset may not be set multiple times");
                }

                m.Selector.HasOffset = true;
                m.Selector.OffsetMs = ms;
                break;
            case SubqueryExpr sq:
                if (sq.HasOffset)
                {
                    throw ErrorAt(expr.Start, "offset may not be set multiple times");
                }

                sq.HasOffset = true;
                sq.OffsetMs = ms;
                break;
            default:
                throw ErrorAt(expr.Start, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }

        expr.End = t.End;
        return expr;
    }

    private Expr ParseAt(Expr expr)
    {
        Next();
        var t = Peek();
        AtModifier kind;
        long ms = 0;
        int end;
        if (t.Kind is TokenKind.Start or TokenKind.End)
        {
            Next();
            Expect(TokenKind.LeftParen, "@", "timestamp");
            end = Expect(TokenKind.RightParen, "@", "timestamp").End;
            kind = t.Kind == TokenKind.Start ? AtModifier.Start : AtModifier.End;
        }
        else
        {
            var sign = 1.0;
            if (t.Kind is TokenKind.Add or TokenKind.Sub)
            {
                Next();
                sign = t.Kind == TokenKind.Sub ? -1 : 1;
                t = Peek();
            }

            if (t.Kind != TokenKind.Number)
            {
                throw Unexpected(t, "@", "timestamp");
            }

            Next();
            end = t.End;
            var seconds = sign * ParseNumber(t);

            // timestamp.FromFloatSeconds after the bounds check in parse.go (setTimestamp).
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds >= long.MaxValue || seconds <= long.MinValue)
            {
                throw ErrorAt(expr.Start, "timestamp out of bounds for @ modifier: " + GoFloatF(seconds));
            }

            ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
            kind = AtModifier.Timestamp;
        }

        switch (expr)
        {
            case VectorSelector vs:
                SetAt(vs.At != AtModifier.None);
                vs.At = kind;
                vs.AtMs = ms;
                break;
            case MatrixSelector m:
                SetAt(m.Selector.At != AtModifier.None);
                m.Selector.At = kind;
                m.Selector.AtMs = ms;
                break;
            case SubqueryExpr sq:
                SetAt(sq.At != AtModifier.None);
                sq.At = kind;
                sq.AtMs = ms;
                break;
            default:
                throw ErrorAt(expr.Start, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }

        expr.End = end;
        return expr;

        void SetAt(bool already)
        {
            if (already)
            {
                throw ErrorAt(expr.Start, "@ <timestamp> may not be set multiple times");
            }
        }
    }

    private static string GoFloatF(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        return v.ToString("F6", CultureInfo.InvariantCulture);
    }

    private long ParseDuration(Token t)
    {
        var ms = Durations.TryParse(t.Text, out var error);
        if (ms is null)
        {
            throw ErrorAt(t.Pos, error!);
        }

        if (ms == 0)
        {
            throw ErrorAt(t.Pos, "duration must be greater than 0");
        }

        return ms.Value;
    }
}
