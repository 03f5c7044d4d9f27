using System.Globalization;
using System.Text;

namespace Nines.Query.Parser;

/// <summary>Prometheus durations (common/model.ParseDuration and Duration.String): units y w d h m s ms, each at most once, in that order.</summary>
internal static class Durations
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000), ("ms", 1),
    ];

    /// <summary>Parses a duration to milliseconds; null with Prometheus' message when invalid.</summary>
    public static long? TryParse(string s, out string? error)
    {
        error = null;
        if (s == "0")
        {
            return 0;
        }

        long total = 0;
        var pos = 0;
        var unitIndex = 0;
        var any = false;
        while (pos < s.Length)
        {
            var digitsStart = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }

            if (pos == digitsStart || pos == s.Length)
            {
                error = "not a valid duration string: " + GoQuote.Quote(s);
                return null;
            }

            var unitStart = pos;
            while (pos < s.Length && char.IsAsciiLetter(s[pos]))
            {
                pos++;
            }

            var unit = s[unitStart..pos];
            var found = -1;
            for (var i = unitIndex; i < Units.Length; i++)
            {
                if (Units[i].Unit == unit)
                {
                    found = i;
                    break;
                }
            }

            if (found < 0 || !long.TryParse(s.AsSpan(digitsStart, unitStart - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                error = "not a valid duration string: " + GoQuote.Quote(s);
                return null;
            }

            try
            {
                total = checked(total + checked(n * Units[found].Ms));
            }
            catch (OverflowException)
            {
                error = "duration out of range";
                return null;
            }

            unitIndex = found + 1;
            any = true;
        }

        if (!any)
        {
            error = "not a valid duration string: " + GoQuote.Quote(s);
            return null;
        }

        return total;
    }

    /// <summary>Formats milliseconds as Prometheus prints durations (years and weeks only when exact).</summary>
    public static string Format(long ms)
    {
        if (ms == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        for (var i = 0; i < Units.Length; i++)
        {
            var (unit, mult) = Units[i];
            var exact = i < 2;
            if (exact && ms % mult != 0)
            {
                continue;
            }

            var v = ms / mult;
            if (v > 0)
            {
                sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ms -= v * mult;
            }
        }

        return sb.ToString();
    }
}
