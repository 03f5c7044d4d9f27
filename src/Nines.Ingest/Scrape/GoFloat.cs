using System.Globalization;
using System.Text;

namespace Nines.Ingest.Scrape;

/// <summary>
/// Number parsing as Prometheus' exposition parsers do it: Go's <c>strconv.ParseFloat</c> without
/// hexadecimal floats or underscores (model/textparse keeps "pre-Go 1.13 float formats"), so
/// <c>Inf</c>, <c>+Inf</c>, <c>-infinity</c> and <c>NaN</c> (any case, NaN unsigned) are accepted,
/// and a finite-looking number too large for a double is an error rather than infinity.
/// </summary>
internal static class GoFloat
{
    /// <summary>Prometheus' "normal" NaN (value.NormalNaN): every NaN read from a target is stored with these bits, so none can be mistaken for a staleness marker.</summary>
    public const ulong NormalNaNBits = 0x7ff8000000000001;

    /// <summary>Prometheus' staleness marker (value.StaleNaN).</summary>
    public const ulong StaleNaNBits = 0x7ff0000000000002;

    public static double NormalNaN => BitConverter.UInt64BitsToDouble(NormalNaNBits);

    public static double StaleNaN => BitConverter.UInt64BitsToDouble(StaleNaNBits);

    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var signed = s[0] is (byte)'+' or (byte)'-';
        var rest = signed ? s[1..] : s;
        if (rest.Length >= 3 && (rest[0] | 0x20) == 'i')
        {
            if (Ascii.EqualsIgnoreCase(rest, "inf"u8) || Ascii.EqualsIgnoreCase(rest, "infinity"u8))
            {
                value = s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }

            return false;
        }

        if (!signed && rest.Length == 3 && Ascii.EqualsIgnoreCase(rest, "nan"u8))
        {
            value = NormalNaN;
            return true;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiDigit((char)c) || c is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
            {
                return false;
            }
        }

        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && !double.IsInfinity(value);
    }
}
