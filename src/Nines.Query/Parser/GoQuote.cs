using System.Globalization;
using System.Text;

namespace Nines.Query.Parser;

/// <summary>Go's <c>strconv.Quote</c> / <c>%q</c>, which Prometheus uses in error messages and when printing strings.</summary>
internal static class GoQuote
{
    public static string Quote(string s) => Quote(s, '"');

    /// <summary>A rune quoted as Go's <c>%q</c> of a rune: <c>'x'</c>; end of input (-1) prints as U+FFFD.</summary>
    public static string QuoteRune(int rune)
    {
        if (rune < 0)
        {
            return "'\uFFFD'";
        }

        return Quote(char.ConvertFromUtf32(rune), '\'');
    }

    /// <summary>Go's <c>%#U</c>: <c>U+007A 'z'</c>.</summary>
    public static string UnicodeHash(int rune) =>
        "U+" + rune.ToString("X4", CultureInfo.InvariantCulture) + (IsPrint(rune) ? " '" + char.ConvertFromUtf32(rune) + "'" : string.Empty);

    private static string Quote(string s, char quote)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            int r = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                r = char.ConvertToUtf32(s[i], s[i + 1]);
                i++;
            }

            switch (r)
            {
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
                case '\\': sb.Append("\\\\"); continue;
            }

            if (r == quote)
            {
                sb.Append('\\').Append(quote);
            }
            else if (IsPrint(r))
            {
                sb.Append(char.ConvertFromUtf32(r));
            }
            else if (r < 0x80)
            {
                sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (r < 0x10000)
            {
                sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
        return sb.ToString();
    }

    private static bool IsPrint(int r)
    {
        if (r < 0x20 || r == 0x7f)
        {
            return false;
        }

        if (r < 0x7f)
        {
            return true;
        }

        if (r is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }

        var cat = CharUnicodeInfo.GetUnicodeCategory(r);
        return cat is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator) || r == ' ';
    }
}
