namespace Nines.Query.Parser;

/// <summary>
/// The first syntax error Go's regexp/syntax parser (Perl flags, as regexp.Compile uses) reports for
/// a pattern, worded as Go words it ("missing closing ]: `[a)$`"), so a bad regex in a matcher gets
/// Prometheus' message rather than .NET's. It follows parse.go's left-to-right scan for the errors
/// users make: unclosed or unexpected brackets and parentheses, repetition without an argument or
/// nested, bad repeat counts, unknown escapes and Perl groups, reversed class ranges. Unicode class
/// names and size limits are not checked (null: Go's text is not known).
/// </summary>
internal static class GoRegexpErrors
{
    private static readonly HashSet<string> PosixClasses = new(StringComparer.Ordinal)
    {
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit",
    };

    /// <summary>Go's message for <paramref name="s"/> (the whole pattern Go compiles), or null when the scan finds no error.</summary>
    public static string? FirstError(string s)
    {
        var depth = 0;
        var canRepeat = false;
        var lastRepeat = -1;
        var i = 0;
        while (i < s.Length)
        {
            var repeat = -1;
            switch (s[i])
            {
                case '(':
                    if (i + 1 < s.Length && s[i + 1] == '?')
                    {
                        var (end, opens, error) = PerlGroup(s, i);
                        if (error is not null)
                        {
                            return error;
                        }

                        if (opens)
                        {
                            depth++;
                            canRepeat = false;
                        }

                        i = end;
                        break;
                    }

                    depth++;
                    canRepeat = false;
                    i++;
                    break;
                case '|':
                    canRepeat = false;
                    i++;
                    break;
                case ')':
                    if (depth == 0)
                    {
                        return Error("unexpected )", s);
                    }

                    depth--;
                    canRepeat = true;
                    i++;
                    break;
                case '[':
                {
                    var (end, error) = Class(s, i);
                    if (error is not null)
                    {
                        return error;
                    }

                    canRepeat = true;
                    i = end;
                    break;
                }

                case '*' or '+' or '?':
                {
                    var before = i++;
                    if (i < s.Length && s[i] == '?')
                    {
                        i++;
                    }

                    if (lastRepeat >= 0)
                    {
                        return Error("invalid nested repetition operator", s[lastRepeat..i]);
                    }

                    if (!canRepeat)
                    {
                        return Error("missing argument to repetition operator", s[before..i]);
                    }

                    repeat = before;
                    break;
                }

                case '{':
                {
                    if (!TryRepeat(s, i, out var min, out var max, out var after))
                    {
                        canRepeat = true;
                        i++;
                        break;
                    }

                    if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
                    {
                        return Error("invalid repeat count", s[i..after]);
                    }

                    var end = after < s.Length && s[after] == '?' ? after + 1 : after;
                    if (lastRepeat >= 0)
                    {
                        return Error("invalid nested repetition operator", s[lastRepeat..end]);
                    }

                    if (!canRepeat)
                    {
                        return Error("missing argument to repetition operator", s[i..end]);
                    }

                    repeat = i;
                    i = end;
                    break;
                }

                case '\\':
                {
                    var (end, error) = EscapeOutsideClass(s, i);
                    if (error is not null)
                    {
                        return error;
                    }

                    canRepeat = true;
                    i = end;
                    break;
                }

                default:
                    canRepeat = true;
                    i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
                    break;
            }

            lastRepeat = repeat;
        }

        return depth != 0 ? Error("missing closing )", s) : null;
    }

    private static string Error(string code, string expr) => code + ": `" + expr + "`";

    // parsePerlFlags: (?P<name>, (?flags), (?flags:.
    private static (int End, bool Opens, string? Error) PerlGroup(string s, int start)
    {
        var t = start + 2;
        if (s.Length - start > 4 && s[t] == 'P' && s[t + 1] == '<')
        {
            var close = s.IndexOf('>', t);
            if (close < 0)
            {
                return (0, false, Error("invalid named capture", s[start..]));
            }

            var name = s[(t + 2)..close];
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return (0, false, Error("invalid named capture", s[start..(close + 1)]));
            }

            return (close + 1, true, null);
        }

        var negated = false;
        var sawFlag = false;
        while (t < s.Length)
        {
            var c = s[t++];
            switch (c)
            {
                case 'i' or 'm' or 's' or 'U':
                    sawFlag = true;
                    continue;
                case '-' when !negated:
                    negated = true;
                    sawFlag = false;
                    continue;
                case ':' or ')' when !negated || sawFlag:
                    return (t, c == ':', null);
            }

            break;
        }

        return (0, false, Error("invalid or unsupported Perl syntax", s[start..t]));
    }

    // parseClass: the class from '[' to its ']'.
    private static (int End, string? Error) Class(string s, int start)
    {
        var t = start + 1;
        if (t < s.Length && s[t] == '^')
        {
            t++;
        }

        var first = true;
        while (t >= s.Length || s[t] != ']' || first)
        {
            first = false;
            if (t + 2 < s.Length && s[t] == '[' && s[t + 1] == ':')
            {
                var close = s.IndexOf(":]", t + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    var name = s[(t + 2)..close];
                    if (!PosixClasses.Contains(name.StartsWith('^') ? name[1..] : name))
                    {
                        return (0, Error("invalid character class range", s[t..(close + 2)]));
                    }

                    t = close + 2;
                    continue;
                }
            }

            if (t + 1 < s.Length && s[t] == '\\' && s[t + 1] is 'd' or 'D' or 's' or 'S' or 'w' or 'W' or 'p' or 'P')
            {
                t = s[t + 1] is 'p' or 'P' ? UnicodeClassEnd(s, t) : t + 2;
                continue;
            }

            var range = t;
            var (lo, afterLo, loError) = ClassChar(s, t, start);
            if (loError is not null)
            {
                return (0, loError);
            }

            t = afterLo;
            if (t + 1 < s.Length && s[t] == '-' && s[t + 1] != ']')
            {
                var (hi, afterHi, hiError) = ClassChar(s, t + 1, start);
                if (hiError is not null)
                {
                    return (0, hiError);
                }

                t = afterHi;
                if (hi < lo)
                {
                    return (0, Error("invalid character class range", s[range..t]));
                }
            }
        }

        return (t + 1, null);
    }

    private static (int Rune, int End, string? Error) ClassChar(string s, int t, int classStart)
    {
        if (t >= s.Length)
        {
            return (0, 0, Error("missing closing ]", s[classStart..]));
        }

        if (s[t] == '\\')
        {
            return Escape(s, t);
        }

        return char.IsHighSurrogate(s[t]) && t + 1 < s.Length ? (char.ConvertToUtf32(s[t], s[t + 1]), t + 2, null) : (s[t], t + 1, null);
    }

    private static (int End, string? Error) EscapeOutsideClass(string s, int t)
    {
        if (t + 1 < s.Length)
        {
            switch (s[t + 1])
            {
                case 'A' or 'b' or 'B' or 'z' or 'd' or 'D' or 's' or 'S' or 'w' or 'W':
                    return (t + 2, null);
                case 'C':
                    return (0, Error("invalid escape sequence", s[t..(t + 2)]));
                case 'Q':
                    var end = s.IndexOf("\\E", t + 2, StringComparison.Ordinal);
                    return (end < 0 ? s.Length : end + 2, null);
                case 'p' or 'P':
                    return (UnicodeClassEnd(s, t), null);
            }
        }

        var (_, after, error) = Escape(s, t);
        return (after, error);
    }

    // \pL or \p{Name}; names are not checked.
    private static int UnicodeClassEnd(string s, int t)
    {
        if (t + 2 < s.Length && s[t + 2] == '{')
        {
            var close = s.IndexOf('}', t + 3);
            return close < 0 ? s.Length : close + 1;
        }

        return Math.Min(s.Length, t + 3);
    }

    // parseEscape: one escaped character.
    private static (int Rune, int End, string? Error) Escape(string s, int start)
    {
        var t = start + 1;
        if (t >= s.Length)
        {
            return (0, 0, "trailing backslash at end of expression: ``");
        }

        var c = s[t++];
        switch (c)
        {
            case >= '1' and <= '7' when t >= s.Length || s[t] is < '0' or > '7':
                break;
            case >= '0' and <= '7':
            {
                var r = c - '0';
                for (var n = 1; n < 3 && t < s.Length && s[t] is >= '0' and <= '7'; n++)
                {
                    r = (r * 8) + (s[t++] - '0');
                }

                return (r, t, null);
            }

            case 'x':
                if (t >= s.Length)
                {
                    break;
                }

                if (s[t] == '{')
                {
                    t++;
                    var r = 0;
                    var digits = 0;
                    while (t < s.Length && s[t] != '}' && Uri.IsHexDigit(s[t]) && r <= 0x10FFFF)
                    {
                        r = (r * 16) + Convert.ToInt32(s[t++].ToString(), 16);
                        digits++;
                    }

                    if (t < s.Length && s[t] == '}' && digits > 0 && r <= 0x10FFFF)
                    {
                        return (r, t + 1, null);
                    }

                    t = Math.Min(s.Length, t + 1);
                    break;
                }

                if (t + 1 < s.Length && Uri.IsHexDigit(s[t]) && Uri.IsHexDigit(s[t + 1]))
                {
                    return (Convert.ToInt32(s.Substring(t, 2), 16), t + 2, null);
                }

                t = Math.Min(s.Length, t + 2);
                break;
            case 'a':
                return (7, t, null);
            case 'f':
                return (12, t, null);
            case 'n':
                return (10, t, null);
            case 'r':
                return (13, t, null);
            case 't':
                return (9, t, null);
            case 'v':
                return (11, t, null);
            default:
                if (c < 0x80 && !char.IsAsciiLetterOrDigit(c))
                {
                    return (c, t, null);
                }

                if (char.IsHighSurrogate(c) && t < s.Length)
                {
                    t++;
                }

                break;
        }

        return (0, 0, Error("invalid escape sequence", s[start..t]));
    }

    private static bool TryRepeat(string s, int start, out int min, out int max, out int after)
    {
        max = -1;
        after = 0;
        var t = start + 1;
        if (!TryInt(s, ref t, out min))
        {
            return false;
        }

        if (t < s.Length && s[t] == ',')
        {
            t++;
            if (t < s.Length && s[t] == '}')
            {
                max = -1;
            }
            else if (!TryInt(s, ref t, out max))
            {
                return false;
            }
        }
        else
        {
            max = min;
        }

        if (t >= s.Length || s[t] != '}')
        {
            return false;
        }

        after = t + 1;
        return true;
    }

    // parseInt: decimal digits without a leading zero; too large is -1 (an invalid count).
    private static bool TryInt(string s, ref int t, out int value)
    {
        value = 0;
        var begin = t;
        if (t >= s.Length || !char.IsAsciiDigit(s[t]))
        {
            return false;
        }

        if (t + 1 < s.Length && s[t] == '0' && char.IsAsciiDigit(s[t + 1]))
        {
            return false;
        }

        while (t < s.Length && char.IsAsciiDigit(s[t]))
        {
            t++;
        }

        value = t - begin >= 8 ? -1 : int.Parse(s.AsSpan(begin, t - begin), System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}
