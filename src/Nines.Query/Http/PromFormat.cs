using System.Globalization;

namespace Nines.Query.Http;

/// <summary>
/// Numbers written exactly as Prometheus 2.42 writes them, so that clients comparing strings
/// (promtool, golden files, the compliance tester) see no difference. Vector and matrix points go
/// through jsoniter (web/api/v1: marshalPointJSON), scalars and strings through encoding/json
/// (promql.Scalar.MarshalJSON), and the two differ: see each method.
/// </summary>
internal static class PromFormat
{
    private const int MaxChars = 400;

    /// <summary>
    /// A sample value of a vector or matrix: Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>, except
    /// 'e' form when |v| &lt; 1e-6 or ≥ 1e21 (jsoniter's cut-offs), with "NaN", "+Inf", "-Inf".
    /// </summary>
    public static int FormatPointValue(double v, Span<char> destination)
    {
        var abs = Math.Abs(v);
        var exponent = abs != 0 && !double.IsNaN(v) && !double.IsInfinity(v) && (abs < 1e-6 || abs >= 1e21);
        return FormatGo(v, exponent, destination);
    }

    /// <summary>A scalar's value: <c>strconv.FormatFloat(v, 'f', -1, 64)</c>, never in 'e' form.</summary>
    public static int FormatScalarValue(double v, Span<char> destination) => FormatGo(v, exponent: false, destination);

    /// <summary>A point's timestamp: whole seconds, then ".mmm" (three digits, zeros kept) unless whole.</summary>
    public static int FormatPointTimestamp(long ms, Span<char> destination)
    {
        var n = 0;
        if (ms < 0)
        {
            destination[n++] = '-';
            ms = -ms;
        }

        var (seconds, fraction) = Math.DivRem(ms, 1000L);
        seconds.TryFormat(destination[n..], out var w, default, CultureInfo.InvariantCulture);
        n += w;
        if (fraction != 0)
        {
            destination[n++] = '.';
            fraction.TryFormat(destination[n..], out w, "000", CultureInfo.InvariantCulture);
            n += w;
        }

        return n;
    }

    /// <summary>A scalar's or string's timestamp: encoding/json of <c>float64(t)/1000</c> (shortest form).</summary>
    public static int FormatScalarTimestamp(long ms, Span<char> destination)
    {
        var seconds = ms / 1000.0;
        var abs = Math.Abs(seconds);
        // encoding/json switches to exponent form outside [1e-6, 1e21), as jsoniter does.
        return FormatGo(seconds, abs != 0 && (abs < 1e-6 || abs >= 1e21), destination);
    }

    /// <summary>The value as a string (for tests and the query log).</summary>
    public static string PointValue(double v)
    {
        Span<char> buffer = stackalloc char[MaxChars];
        return new string(buffer[..FormatPointValue(v, buffer)]);
    }

    /// <summary>Shortest round-trip digits in Go's 'f' or 'e' layout.</summary>
    private static int FormatGo(double v, bool exponent, Span<char> destination)
    {
        if (double.IsNaN(v))
        {
            "NaN".CopyTo(destination);
            return 3;
        }

        if (double.IsInfinity(v))
        {
            (v > 0 ? "+Inf" : "-Inf").CopyTo(destination);
            return 4;
        }

        // "R" gives the shortest round-trip digits (as Go's -1 precision) but picks its own layout.
        // Without an exponent it is already Go's 'f' layout (the common case: no more work);
        // otherwise take its digits and exponent and lay them out as Go does.
        Span<char> shortest = stackalloc char[32];
        v.TryFormat(shortest, out var slen, "R", CultureInfo.InvariantCulture);
        shortest = shortest[..slen];
        if (!exponent && !shortest.Contains('E'))
        {
            shortest.CopyTo(destination);
            return slen;
        }

        var n = 0;
        if (shortest[0] == '-')
        {
            destination[n++] = '-';
            shortest = shortest[1..];
        }

        // Decompose "R" output (e.g. "123.45", "1E-07", "1.5E+21") into digits and a decimal exponent.
        Span<char> digits = stackalloc char[32];
        var digitCount = 0;
        var pointPos = -1;
        var e = 0;
        var i = 0;
        for (; i < shortest.Length; i++)
        {
            var c = shortest[i];
            if (c == '.')
            {
                pointPos = digitCount;
            }
            else if (c is 'E' or 'e')
            {
                e = int.Parse(shortest[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else
            {
                digits[digitCount++] = c;
            }
        }

        if (pointPos < 0)
        {
            pointPos = digitCount;
        }

        // Strip leading zeros (e.g. "0.001" → digits "0001", point 1) and trailing zeros.
        var start = 0;
        while (start < digitCount - 1 && digits[start] == '0')
        {
            start++;
        }

        var end = digitCount;
        while (end > start + 1 && digits[end - 1] == '0')
        {
            end--;
        }

        var d = digits[start..end];
        // Value = 0.d × 10^decimalExp, where decimalExp counts digits before the point.
        var decimalExp = pointPos - start + e;
        if (d.Length == 1 && d[0] == '0')
        {
            destination[n++] = '0';
            return exponent ? n + WriteExp(0, destination[n..]) : n;
        }

        if (exponent)
        {
            destination[n++] = d[0];
            if (d.Length > 1)
            {
                destination[n++] = '.';
                d[1..].CopyTo(destination[n..]);
                n += d.Length - 1;
            }

            return n + WriteExp(decimalExp - 1, destination[n..]);
        }

        if (decimalExp <= 0)
        {
            destination[n++] = '0';
            destination[n++] = '.';
            for (var z = 0; z < -decimalExp; z++)
            {
                destination[n++] = '0';
            }

            d.CopyTo(destination[n..]);
            return n + d.Length;
        }

        for (var k = 0; k < decimalExp; k++)
        {
            destination[n++] = k < d.Length ? d[k] : '0';
        }

        if (d.Length > decimalExp)
        {
            destination[n++] = '.';
            d[decimalExp..].CopyTo(destination[n..]);
            n += d.Length - decimalExp;
        }

        return n;
    }

    // Go writes at least two exponent digits: 1e-07, 1.5e+21.
    private static int WriteExp(int exp, Span<char> destination)
    {
        destination[0] = 'e';
        destination[1] = exp < 0 ? '-' : '+';
        var a = Math.Abs(exp);
        var n = 2;
        if (a < 10)
        {
            destination[n++] = '0';
        }

        a.TryFormat(destination[n..], out var w, default, CultureInfo.InvariantCulture);
        return n + w;
    }
}
