using System.Globalization;
using System.Text;

namespace Nines.Ingest.Otlp;

/// <summary>
/// Formats floats the way Go's <c>strconv.FormatFloat(f, 'f', -1, 64)</c> does (shortest
/// round-trip digits, never an exponent), which is how Prometheus writes <c>le</c> and
/// <c>quantile</c> values and pcommon renders double attributes.
/// </summary>
internal static class PrometheusFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return shortest;
        }

        // Expand d.dddE±x into plain positional notation.
        var negative = shortest[0] == '-';
        var mantissa = shortest[(negative ? 1 : 0)..e];
        var exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var pointAt = (dot < 0 ? mantissa.Length : dot) + exponent;
        var sb = new StringBuilder(digits.Length + Math.Abs(exponent) + 3);
        if (negative)
        {
            sb.Append('-');
        }

        if (pointAt <= 0)
        {
            sb.Append("0.").Append('0', -pointAt).Append(digits);
        }
        else if (pointAt >= digits.Length)
        {
            sb.Append(digits).Append('0', pointAt - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
        }

        return sb.ToString();
    }
}
