namespace Nines.Query.Parser;

/// <summary>
/// Splits a query into tokens with the states and error messages of Prometheus 2.x'
/// promql/parser/lex.go. The whole input is lexed up front; a lexical error becomes the last
/// token, so the parser reports it when (and only if) it reaches it, as the lazy Go lexer does.
/// </summary>
internal sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["unless"] = TokenKind.Unless,
        ["atan2"] = TokenKind.Atan2,
        ["sum"] = TokenKind.Sum,
        ["avg"] = TokenKind.Avg,
        ["count"] = TokenKind.Count,
        ["min"] = TokenKind.Min,
        ["max"] = TokenKind.Max,
        ["group"] = TokenKind.Group,
        ["stddev"] = TokenKind.Stddev,
        ["stdvar"] = TokenKind.Stdvar,
        ["topk"] = TokenKind.Topk,
        ["bottomk"] = TokenKind.Bottomk,
        ["count_values"] = TokenKind.CountValues,
        ["quantile"] = TokenKind.Quantile,
        ["limitk"] = TokenKind.Limitk,
        ["limit_ratio"] = TokenKind.LimitRatio,
        ["offset"] = TokenKind.Offset,
        ["by"] = TokenKind.By,
        ["without"] = TokenKind.Without,
        ["on"] = TokenKind.On,
        ["ignoring"] = TokenKind.Ignoring,
        ["group_left"] = TokenKind.GroupLeft,
        ["group_right"] = TokenKind.GroupRight,
        ["bool"] = TokenKind.Bool,
        ["start"] = TokenKind.Start,
        ["end"] = TokenKind.End,
        ["inf"] = TokenKind.Number,
        ["nan"] = TokenKind.Number,
    };

    private readonly string _input;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _start;
    private int _parenDepth;
    private bool _bracketOpen;
    private bool _gotColon;

    private Lexer(string input) => _input = input;

    public static List<Token> Lex(string input)
    {
        var lexer = new Lexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private static bool IsSpace(int r) => r is ' ' or '\t' or '\n' or '\r';

    private static bool IsDigit(int r) => r is >= '0' and <= '9';

    private static bool IsAlpha(int r) => r == '_' || r is >= 'a' and <= 'z' || r is >= 'A' and <= 'Z';

    private static bool IsAlphaNumeric(int r) => IsAlpha(r) || IsDigit(r);

    private int Next() => _pos < _input.Length ? _input[_pos++] : -1;

    private int Peek() => _pos < _input.Length ? _input[_pos] : -1;

    private void Backup() => _pos--;

    private bool Accept(string valid)
    {
        if (_pos < _input.Length && valid.Contains(_input[_pos], StringComparison.Ordinal))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _start, _input[_start.._pos]));
        _start = _pos;
    }

    private bool Error(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, _start, message));
        return false;
    }

    private void Run()
    {
        while (Statement())
        {
        }
    }

    // One step of lexStatements; false when lexing has ended (EOF or error).
    private bool Statement()
    {
        if (_pos < _input.Length && _input[_pos] == '#')
        {
            SkipComment();
            return true;
        }

        var r = Next();
        switch (r)
        {
            case -1:
                if (_parenDepth != 0)
                {
                    return Error("unclosed left parenthesis");
                }

                if (_bracketOpen)
                {
                    return Error("unclosed left bracket");
                }

                Emit(TokenKind.Eof);
                return false;
            case ',':
                Emit(TokenKind.Comma);
                return true;
            case '*':
                Emit(TokenKind.Mul);
                return true;
            case '/':
                Emit(TokenKind.Div);
                return true;
            case '%':
                Emit(TokenKind.Mod);
                return true;
            case '+':
                Emit(TokenKind.Add);
                return true;
            case '-':
                Emit(TokenKind.Sub);
                return true;
            case '^':
                Emit(TokenKind.Pow);
                return true;
            case '=':
                if (Peek() == '=')
                {
                    Next();
                    Emit(TokenKind.EqlC);
                }
                else if (Peek() == '~')
                {
                    return Error("unexpected character after '=': " + GoQuote.QuoteRune('~'));
                }
                else
                {
                    Emit(TokenKind.Assign);
                }

                return true;
            case '!':
                var t = Next();
                if (t != '=')
                {
                    return Error("unexpected character after '!': " + GoQuote.QuoteRune(t));
                }

                Emit(TokenKind.Neq);
                return true;
            case '<':
                if (Peek() == '=')
                {
                    Next();
                    Emit(TokenKind.Lte);
                }
                else
                {
                    Emit(TokenKind.Lss);
                }

                return true;
            case '>':
                if (Peek() == '=')
                {
                    Next();
                    Emit(TokenKind.Gte);
                }
                else
                {
                    Emit(TokenKind.Gtr);
                }

                return true;
            case '"' or '\'':
                return LexString((char)r);
            case '`':
                return LexRawString();
            case '(':
                Emit(TokenKind.LeftParen);
                _parenDepth++;
                return true;
            case ')':
                _parenDepth--;
                if (_parenDepth < 0)
                {
                    // Go emits the token and then the error at the position after it; the error wins.
                    _start = _pos;
                    return Error("unexpected right parenthesis " + GoQuote.QuoteRune(r));
                }

                Emit(TokenKind.RightParen);
                return true;
            case '{':
                Emit(TokenKind.LeftBrace);
                return InsideBraces();
            case '[':
                if (_bracketOpen)
                {
                    return Error("unexpected left bracket " + GoQuote.QuoteRune(r));
                }

                _gotColon = false;
                Emit(TokenKind.LeftBracket);
                SkipSpaces();
                _bracketOpen = true;
                return LexDuration();
            case ']':
                if (!_bracketOpen)
                {
                    return Error("unexpected right bracket " + GoQuote.QuoteRune(r));
                }

                Emit(TokenKind.RightBracket);
                _bracketOpen = false;
                return true;
            case '@':
                Emit(TokenKind.At);
                return true;
        }

        if (IsSpace(r))
        {
            SkipSpaces();
            return true;
        }

        if (IsDigit(r) || (r == '.' && IsDigit(Peek())))
        {
            Backup();
            return LexNumberOrDuration();
        }

        if (IsAlpha(r) || r == ':')
        {
            if (!_bracketOpen)
            {
                Backup();
                return LexKeywordOrIdentifier();
            }

            if (_gotColon)
            {
                return Error("unexpected colon " + GoQuote.QuoteRune(r));
            }

            Emit(TokenKind.Colon);
            _gotColon = true;
            return true;
        }

        return Error("unexpected character: " + GoQuote.QuoteRune(ReadRune(r)));
    }

    private int ReadRune(int r)
    {
        if (char.IsHighSurrogate((char)r) && _pos < _input.Length && char.IsLowSurrogate(_input[_pos]))
        {
            return char.ConvertToUtf32((char)r, _input[_pos++]);
        }

        return r;
    }

    private void SkipSpaces()
    {
        while (_pos < _input.Length && IsSpace(_input[_pos]))
        {
            _pos++;
        }

        _start = _pos;
    }

    private void SkipComment()
    {
        while (_pos < _input.Length && _input[_pos] != '\n')
        {
            _pos++;
        }

        _start = _pos;
    }

    private bool InsideBraces()
    {
        while (true)
        {
            if (_pos < _input.Length && _input[_pos] == '#')
            {
                SkipComment();
                continue;
            }

            var r = Next();
            switch (r)
            {
                case -1:
                    return Error("unexpected end of input inside braces");
                case ',':
                    Emit(TokenKind.Comma);
                    continue;
                case '"' or '\'':
                    if (!LexString((char)r))
                    {
                        return false;
                    }

                    continue;
                case '`':
                    if (!LexRawString())
                    {
                        return false;
                    }

                    continue;
                case '=':
                    if (Peek() == '~')
                    {
                        Next();
                        Emit(TokenKind.EqlRegex);
                    }
                    else
                    {
                        Emit(TokenKind.Assign);
                    }

                    continue;
                case '!':
                    var nr = Next();
                    if (nr == '~')
                    {
                        Emit(TokenKind.NeqRegex);
                    }
                    else if (nr == '=')
                    {
                        Emit(TokenKind.Neq);
                    }
                    else
                    {
                        return Error("unexpected character after '!' inside braces: " + GoQuote.QuoteRune(nr));
                    }

                    continue;
                case '{':
                    return Error("unexpected left brace " + GoQuote.QuoteRune(r));
                case '}':
                    Emit(TokenKind.RightBrace);
                    return true;
            }

            if (IsSpace(r))
            {
                SkipSpaces();
                continue;
            }

            if (IsAlpha(r))
            {
                while (IsAlphaNumeric(Peek()))
                {
                    _pos++;
                }

                Emit(TokenKind.Identifier);
                continue;
            }

            return Error("unexpected character inside braces: " + GoQuote.QuoteRune(ReadRune(r)));
        }
    }

    private bool LexString(char quote)
    {
        while (true)
        {
            var r = Next();
            if (r == '\\')
            {
                if (!LexEscape(quote))
                {
                    return false;
                }

                continue;
            }

            if (r is -1 or '\n')
            {
                return Error("unterminated quoted string");
            }

            if (r == quote)
            {
                Emit(TokenKind.String);
                return true;
            }
        }
    }

    private bool LexRawString()
    {
        while (true)
        {
            var r = Next();
            if (r == -1)
            {
                return Error("unterminated raw string");
            }

            if (r == '`')
            {
                Emit(TokenKind.String);
                return true;
            }
        }
    }

    // Escapes as lexEscape in lex.go: Go escapes, where only the string's own quote may be escaped.
    private bool LexEscape(char quote)
    {
        var ch = Next();
        int n, bas;
        long max;
        switch (ch)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                return true;
            case '0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                n = 3;
                bas = 8;
                max = 255;
                break;
            case 'x':
                ch = Next();
                n = 2;
                bas = 16;
                max = 255;
                break;
            case 'u':
                ch = Next();
                n = 4;
                bas = 16;
                max = 0x10FFFF;
                break;
            case 'U':
                ch = Next();
                n = 8;
                bas = 16;
                max = 0x10FFFF;
                break;
            case -1:
                return Error("escape sequence not terminated");
            default:
                if (ch == quote)
                {
                    return true;
                }

                return Error("unknown escape sequence " + GoQuote.UnicodeHash(ReadRune(ch)));
        }

        long x = 0;
        while (n > 0)
        {
            var d = DigitVal(ch);
            if (d >= bas)
            {
                if (ch == -1)
                {
                    return Error("escape sequence not terminated");
                }

                return Error("illegal character " + GoQuote.UnicodeHash(ReadRune(ch)) + " in escape sequence");
            }

            x = (x * bas) + d;
            n--;
            if (n > 0)
            {
                ch = Next();
            }
        }

        if (x > max || (x >= 0xD800 && x < 0xE000))
        {
            return Error("escape sequence is an invalid Unicode code point");
        }

        return true;
    }

    private static int DigitVal(int ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= 'a' and <= 'f' => ch - 'a' + 10,
        >= 'A' and <= 'F' => ch - 'A' + 10,
        _ => 16,
    };

    private bool LexDuration()
    {
        if (ScanNumber())
        {
            return Error("missing unit character in duration");
        }

        if (!AcceptRemainingDuration())
        {
            return Error("bad duration syntax: " + GoQuote.Quote(_input[_start.._pos]));
        }

        Backup();
        Emit(TokenKind.Duration);
        return true;
    }

    private bool LexNumberOrDuration()
    {
        if (ScanNumber())
        {
            Emit(TokenKind.Number);
            return true;
        }

        if (AcceptRemainingDuration())
        {
            Backup();
            Emit(TokenKind.Duration);
            return true;
        }

        return Error("bad number or duration syntax: " + GoQuote.Quote(_input[_start.._pos]));
    }

    private bool AcceptRemainingDuration()
    {
        if (!Accept("smhdwy"))
        {
            return false;
        }

        Accept("s");
        while (Accept("0123456789"))
        {
            AcceptRun("0123456789");
            if (!Accept("smhdw"))
            {
                return false;
            }

            Accept("s");
        }

        // Go reads one more rune and the caller backs up; at EOF Go's backup is a no-op (width 0).
        var r = Next();
        if (r == -1)
        {
            _pos++;
        }

        return !IsAlphaNumeric(r);
    }

    private bool ScanNumber()
    {
        var digits = "0123456789";
        if (Accept("0") && Accept("xX"))
        {
            digits = "0123456789abcdefABCDEF";
        }

        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }

        if (Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789");
        }

        return !IsAlphaNumeric(Peek());
    }

    private bool LexKeywordOrIdentifier()
    {
        while (_pos < _input.Length && (IsAlphaNumeric(_input[_pos]) || _input[_pos] == ':'))
        {
            _pos++;
        }

        var word = _input[_start.._pos];
        if (Keywords.TryGetValue(word, out var kind))
        {
            Emit(kind);
        }
        else
        {
            Emit(word.Contains(':', StringComparison.Ordinal) ? TokenKind.MetricIdentifier : TokenKind.Identifier);
        }

        return true;
    }
}
