using System.Globalization;
using System.Text;

namespace Nines.Query.Parser;

internal sealed partial class PromParser
{
    /// <summary>
    /// parseNumber in parse.go: Go's strconv.ParseInt with base prefix (so 0x1f is hex and 010 is
    /// octal), falling back to strconv.ParseFloat.
    /// </summary>
    private double ParseNumber(Token t)
    {
        var v = TryParseNumber(t.Text);
        if (v is null)
        {
            var reason = IsOverflowingFloat(t.Text) ? "value out of range" : "invalid syntax";
            throw ErrorAt(t.Pos, $"error parsing number: strconv.ParseFloat: parsing {GoQuote.Quote(t.Text)}: {reason}");
        }

        return v.Value;
    }

    internal static double? TryParseNumber(string s)
    {
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            return ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex <= long.MaxValue
                ? hex
                : null;
        }

        if (s.Length > 1 && s[0] == '0' && IsAllDigits(s, 1, 8))
        {
            ulong oct = 0;
            for (var i = 1; i < s.Length; i++)
            {
                oct = (oct * 8) + (ulong)(s[i] - '0');
                if (oct > long.MaxValue)
                {
                    return null;
                }
            }

            return oct;
        }

        var lower = s.ToLowerInvariant();
        switch (lower)
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                return double.PositiveInfinity;
            case "-inf" or "-infinity":
                return double.NegativeInfinity;
            case "nan" or "+nan" or "-nan":
                return double.NaN;
        }

        if (s.Length == 0 || s.EndsWith('e') || s.EndsWith('E') || s.EndsWith('+') || s.EndsWith('-') || s == ".")
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var f))
        {
            return null;
        }

        return double.IsInfinity(f) ? null : f;
    }

    private static bool IsOverflowingFloat(string s) =>
        double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var f) && double.IsInfinity(f);

    private static bool IsAllDigits(string s, int from, int radix)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (s[i] < '0' || s[i] >= '0' + radix)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Unquotes a string token the lexer already validated: Go escapes in '…' and "…", none in `…`.</summary>
    internal static string Unquote(string token)
    {
        var quote = token[0];
        var body = token.AsSpan(1, token.Length - 2);
        if (quote == '`' || !body.Contains('\\'))
        {
            return body.ToString();
        }

        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            c = body[++i];
            switch (c)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x':
                    sb.Append((char)int.Parse(body.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u':
                    sb.Append(char.ConvertFromUtf32(int.Parse(body.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
                    i += 4;
                    break;
                case 'U':
                    sb.Append(char.ConvertFromUtf32(int.Parse(body.Slice(i + 1, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
                    i += 8;
                    break;
                case >= '0' and <= '7':
                    sb.Append((char)(((c - '0') * 64) + ((body[i + 1] - '0') * 8) + (body[i + 2] - '0')));
                    i += 2;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
