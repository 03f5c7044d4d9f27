namespace Nines.Query.Functions;

/// <summary>
/// The arithmetic binary operators whose Go implementation Prometheus inherits and .NET does not
/// share bit for bit: <c>^</c> is Go's math.Pow, <c>%</c> math.Mod, <c>atan2</c> math.Atan2
/// (https://github.com/prometheus/prometheus/blob/v2.42.0/promql/engine.go, vectorElemBinop).
/// </summary>
internal static class ArithmeticOperators
{
    /// <summary>
    /// <c>x ^ y</c> as Go's math.Pow computes it, which is not the correctly rounded power .NET's
    /// Math.Pow gives: promtool 2.42 answers <c>10 ^ 23</c> = 1e23 (Math.Pow: 1.0000000000000001e23) and
    /// <c>1.1 ^ 10</c> = 2.593742460100002 (Math.Pow: 2.5937424601000023).
    /// </summary>
    /// <remarks>
    /// Go's method: the special cases of https://pkg.go.dev/math#Pow (the same as IEEE 754's, which
    /// Math.Pow follows), y = ±0.5 through the square root, and otherwise split |y| into an integer part
    /// and a fraction folded into (-0.5, 0.5]; the fraction contributes exp(f·ln x), the integer part
    /// comes from square-and-multiply on x's frexp mantissa with the binary exponent tracked apart, and
    /// the two are joined by ldexp at the end (inverted first for y &lt; 0). The exp and ln used here are
    /// libm's, so a fractional exponent can still differ from Go's in the last bit.
    /// </remarks>
    public static double Pow(double x, double y)
    {
        if (y == 0 || x == 1)
        {
            return 1;
        }

        if (y == 1)
        {
            return x;
        }

        if (double.IsNaN(x) || double.IsNaN(y) || x == 0 || double.IsInfinity(x) || double.IsInfinity(y))
        {
            return Math.Pow(x, y);
        }

        if (y == 0.5)
        {
            return Math.Sqrt(x);
        }

        if (y == -0.5)
        {
            return 1 / Math.Sqrt(x);
        }

        double absY = Math.Abs(y);
        double whole = Math.Truncate(absY);
        double fraction = absY - whole;
        if (fraction != 0 && x < 0)
        {
            return double.NaN;
        }

        if (whole >= 9223372036854775808.0)
        {
            // |y| ≥ 2^63 is an even integer: the result overflows or underflows except for x = -1.
            if (x == -1)
            {
                return 1;
            }

            return (Math.Abs(x) < 1) == (y > 0) ? 0 : double.PositiveInfinity;
        }

        // Result kept as mantissa · 2^exponent until the end so intermediate products cannot overflow.
        double mantissa = 1;
        long exponent = 0;
        long n = (long)whole;
        if (fraction != 0)
        {
            if (fraction > 0.5)
            {
                fraction--;
                n++;
            }

            mantissa = Math.Exp(fraction * Math.Log(x));
        }

        Frexp(x, out double xm, out long xe);
        for (long i = n; i != 0; i >>= 1)
        {
            if (xe < -(1 << 12) || xe > (1 << 12))
            {
                // The power of two alone is past any double: let the final scaling saturate.
                exponent += xe;
                break;
            }

            if ((i & 1) == 1)
            {
                mantissa *= xm;
                exponent += xe;
            }

            xm *= xm;
            xe <<= 1;
            if (xm < 0.5)
            {
                xm += xm;
                xe--;
            }
        }

        if (y < 0)
        {
            mantissa = 1 / mantissa;
            exponent = -exponent;
        }

        return Ldexp(mantissa, exponent);
    }

    /// <summary><c>x % y</c>: Go's math.Mod is the exact IEEE fmod, the same as C#'s <c>%</c> on doubles.</summary>
    public static double Mod(double x, double y) => x % y;

    /// <summary>
    /// <c>x atan2 y</c>. Go's math.Atan2 builds on its own atan, libm's can differ in the last bit or two.
    /// </summary>
    public static double Atan2(double x, double y) => Math.Atan2(x, y);

    /// <summary>Go's math.Frexp: v = m · 2^e with |m| in [0.5, 1) for finite non-zero v.</summary>
    private static void Frexp(double v, out double m, out long e)
    {
        e = Math.ILogB(v) + 1;
        m = Math.ScaleB(v, (int)-e);
    }

    /// <summary>Go's math.Ldexp: m · 2^e with one rounding, saturating to 0 or ±Inf.</summary>
    private static double Ldexp(double m, long e)
    {
        // Beyond ±2200 the result is 0 or ±Inf for any mantissa the loop can produce; clamp so the int cast is safe.
        int scale = (int)Math.Clamp(e, -2200, 2200);
        return Math.ScaleB(m, scale);
    }
}
