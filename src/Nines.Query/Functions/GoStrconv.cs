using System.Globalization;
using System.Text;

namespace Nines.Query.Functions;

/// <summary>
/// Go's strconv float parsing and 'f' formatting, which PromQL exposes through labels:
/// histogram_quantile reads <c>le</c> with strconv.ParseFloat and skips a series whose bound does not
/// parse; count_values writes the value label with strconv.FormatFloat(v, 'f', -1, 64).
/// </summary>
internal static class GoStrconv
{
    /// <summary>
    /// strconv.ParseFloat(s, 64) succeeding, per https://pkg.go.dev/strconv#ParseFloat: an optional sign;
    /// "inf"/"infinity" (any case, signed) or "nan" (any case, unsigned); or decimal digits with an
    /// optional point and exponent; or a "0x" hexadecimal mantissa with a mandatory "p" exponent.
    /// Underscores may separate digits as in Go literals ("1_0" is 10, promtool 2.42 agrees). No
    /// surrounding spaces. A value that rounds beyond the largest double is a range error, i.e. false,
    /// as Prometheus then skips the series.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        if (TrySpecial(s, out value))
        {
            return true;
        }

        if (s.Contains('_'))
        {
            if (!UnderscoresOk(s))
            {
                return false;
            }

            return TryParse(s.ToString().Replace("_", string.Empty, StringComparison.Ordinal), out value);
        }

        int i = 0;
        bool negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        ReadOnlySpan<char> body = s[i..];
        if (body.Length > 2 && body[0] == '0' && (body[1] | 0x20) == 'x')
        {
            if (!TryParseHex(body[2..], out value))
            {
                return false;
            }
        }
        else
        {
            if (!IsDecimalSyntax(body))
            {
                return false;
            }

            value = double.Parse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        }

        if (double.IsInfinity(value))
        {
            value = 0;
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>
    /// strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that read back as <paramref name="v"/>,
    /// written without an exponent ("100000000000000000000", "0.00001"); "NaN", "+Inf", "-Inf".
    /// </summary>
    public static string FormatF(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        // "E16" would not be shortest; "R" is .NET's shortest round-trip form, possibly with an exponent.
        string r = v.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return r;
        }

        int exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        ReadOnlySpan<char> mantissa = r.AsSpan(0, e);
        bool negative = mantissa[0] == '-';
        if (negative)
        {
            mantissa = mantissa[1..];
        }

        var digits = new StringBuilder(mantissa.Length);
        foreach (char c in mantissa)
        {
            if (c != '.')
            {
                digits.Append(c);
            }
        }

        // Mantissa is d.ddd: the decimal point sits after the first digit, moved by the exponent.
        int point = 1 + exponent;
        var text = new StringBuilder(digits.Length + Math.Abs(exponent) + 3);
        if (negative)
        {
            text.Append('-');
        }

        if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return text.ToString();
    }

    /// <summary>
    /// Go's rule for digit separators: an underscore must sit between two digits, or between the base
    /// prefix and a digit; never first, last, doubled, or next to '.', 'e' or 'p'.
    /// </summary>
    private static bool UnderscoresOk(ReadOnlySpan<char> s)
    {
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        // 'd' = last was a digit or the base prefix, '_' = an underscore, 'x' = anything else.
        char last = 'x';
        int i = 0;
        bool hex = false;
        if (s.Length >= 2 && s[0] == '0' && (s[1] | 0x20) is 'x' or 'b' or 'o')
        {
            hex = (s[1] | 0x20) == 'x';
            last = 'd';
            i = 2;
        }

        for (; i < s.Length; i++)
        {
            char c = s[i];
            bool digit = c is >= '0' and <= '9' || (hex && (c | 0x20) is >= 'a' and <= 'f');
            if (digit)
            {
                last = 'd';
            }
            else if (c == '_')
            {
                if (last != 'd')
                {
                    return false;
                }

                last = '_';
            }
            else
            {
                if (last == '_')
                {
                    return false;
                }

                last = 'x';
            }
        }

        return last != '_';
    }

    private static bool TrySpecial(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int sign = 1;
        ReadOnlySpan<char> rest = s;
        if (s[0] is '+' or '-')
        {
            sign = s[0] == '-' ? -1 : 1;
            rest = s[1..];
        }
        else if ((s[0] | 0x20) == 'n')
        {
            if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                value = double.NaN;
                return true;
            }

            return false;
        }

        if (rest.Equals("inf", StringComparison.OrdinalIgnoreCase) || rest.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        return false;
    }

    private static bool IsDecimalSyntax(ReadOnlySpan<char> s)
    {
        int i = 0;
        int digits = 0;
        bool point = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i == s.Length)
        {
            return true;
        }

        if ((s[i] | 0x20) != 'e')
        {
            return false;
        }

        i++;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        int expDigits = 0;
        for (; i < s.Length && s[i] is >= '0' and <= '9'; i++)
        {
            expDigits++;
        }

        return expDigits > 0 && i == s.Length;
    }

    /// <summary>
    /// Hexadecimal mantissa (after "0x") with a binary exponent "p±n" (underscores already removed).
    /// Exact up to 16 significant hex digits; longer mantissas are rounded once more than Go would.
    /// </summary>
    private static bool TryParseHex(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        ulong mantissa = 0;
        int binaryExponent = 0;
        int digits = 0;
        bool point = false;
        bool sticky = false;
        int i = 0;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d >= 0)
            {
                digits++;
                if (mantissa >> 60 == 0)
                {
                    mantissa = (mantissa << 4) | (uint)d;
                    if (point)
                    {
                        binaryExponent -= 4;
                    }
                }
                else
                {
                    sticky |= d != 0;
                    if (!point)
                    {
                        binaryExponent += 4;
                    }
                }
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }

        if (digits == 0 || i >= s.Length || (s[i] | 0x20) != 'p')
        {
            return false;
        }

        i++;
        int expSign = 1;
        if (i < s.Length && s[i] is '+' or '-')
        {
            expSign = s[i] == '-' ? -1 : 1;
            i++;
        }

        int exp = 0;
        int expDigits = 0;
        for (; i < s.Length && s[i] is >= '0' and <= '9'; i++)
        {
            expDigits++;
            exp = Math.Min(exp * 10 + (s[i] - '0'), 100_000);
        }

        if (expDigits == 0 || i != s.Length)
        {
            return false;
        }

        if (sticky)
        {
            mantissa |= 1;
        }

        value = Math.ScaleB((double)mantissa, binaryExponent + (expSign * exp));
        return true;
    }
}
