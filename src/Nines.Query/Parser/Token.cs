namespace Nines.Query.Parser;

/// <summary>A token: kind, start offset (UTF-16 index into the query) and its text (the message for errors).</summary>
internal readonly record struct Token(TokenKind Kind, int Pos, string Text)
{
    public bool IsOperator => Kind is > TokenKind.OperatorsStart and < TokenKind.OperatorsEnd;

    public bool IsAggregator => Kind is > TokenKind.AggregatorsStart and < TokenKind.AggregatorsEnd;

    public bool IsKeyword => Kind is > TokenKind.KeywordsStart and < TokenKind.KeywordsEnd;

    public int End => Pos + Text.Length;

    /// <summary>The token as Prometheus names it in "unexpected …" errors (Item.desc in lex.go).</summary>
    public string Describe()
    {
        switch (Kind)
        {
            case TokenKind.Eof:
                return "end of input";
            case TokenKind.Identifier:
                return "identifier " + GoQuote.Quote(Text);
            case TokenKind.MetricIdentifier:
                return "metric identifier " + GoQuote.Quote(Text);
            case TokenKind.String:
                return "string " + Short(Text);
            case TokenKind.Number:
                return "number " + Short(Text);
            case TokenKind.Duration:
                return "duration " + Short(Text);
        }

        if (IsKeyword)
        {
            return "<" + Text + ">";
        }

        if (IsOperator)
        {
            return "<op:" + Text + ">";
        }

        if (IsAggregator)
        {
            return "<aggr:" + Text + ">";
        }

        return GoQuote.Quote(Text);
    }

    // Go's fmt "%.10q..." for long values.
    private static string Short(string text) =>
        text.Length > 10 ? GoQuote.Quote(text[..10]) + "..." : GoQuote.Quote(text);
}
