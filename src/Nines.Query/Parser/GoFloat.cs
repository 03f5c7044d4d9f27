using System.Globalization;
using System.Text;

namespace Nines.Query.Parser;

/// <summary>Go's <c>fmt.Sprint(float64)</c> (strconv 'g', shortest): how Prometheus prints number literals.</summary>
internal static class GoFloat
{
    public static string Format(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(v))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(v))
        {
            return "-Inf";
        }

        if (v == 0)
        {
            return double.IsNegative(v) ? "-0" : "0";
        }

        // Shortest round-trip digits and the decimal exponent, from .NET's shortest "E" form.
        var r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exp;
        var ei = r.IndexOfAny(['E', 'e']);
        var mant = ei >= 0 ? r[..ei] : r;
        var expPart = ei >= 0 ? int.Parse(r.AsSpan(ei + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mant.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mant[..dot] : mant;
        var frac = dot >= 0 ? mant[(dot + 1)..] : string.Empty;
        var all = (intPart + frac).TrimStart('0');
        var leadingZeros = (intPart + frac).Length - all.Length;
        digits = all.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // Position of the decimal point relative to the first significant digit.
        exp = intPart.Length - leadingZeros - 1 + expPart;

        var sb = new StringBuilder();
        if (v < 0)
        {
            sb.Append('-');
        }

        // strconv 'g' with shortest precision switches to %e when the exponent is < -4 or >= 6.
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var ae = Math.Abs(exp);
            if (ae < 10)
            {
                sb.Append('0');
            }

            sb.Append(ae.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        if (exp < 0)
        {
            sb.Append("0.").Append('0', -exp - 1).Append(digits);
        }
        else if (digits.Length <= exp + 1)
        {
            sb.Append(digits).Append('0', exp + 1 - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, exp + 1).Append('.').Append(digits, exp + 1, digits.Length - exp - 1);
        }

        return sb.ToString();
    }
}
