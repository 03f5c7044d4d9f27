namespace Nines.Query.Functions;

/// <summary>
/// Element-wise PromQL functions (2.42 simpleFunc and friends in
/// https://github.com/prometheus/prometheus/blob/v2.42.0/promql/functions.go). Prometheus calls Go's
/// math package; where .NET's System.Math has different special-value rules the Go rule is spelled
/// out. Where Go defines a function by a formula over other functions (log10, log2, asin, acos,
/// sinh, cosh, tanh) the same formula is used, so the results carry Go's rounding (log10(1e15) is
/// 14.999999999999998 in Prometheus). The primitives themselves (exp, log, sin, cos, tan, atan, ...)
/// come from the platform's libm, which can differ from Go's Cephes/FreeBSD-derived code in the last
/// bit or two for some inputs; porting Go's polynomials was judged not worth it.
/// </summary>
internal static class MathFunctions
{
    // 1/ln 2 and 1/ln 10 rounded to double, the constants Go's Log2 and Log10 multiply by.
    private const double InvLn2 = 1.44269504088896340735992468100189214;
    private const double InvLn10 = 0.434294481903251827651128918916605082;

    /// <summary>abs.</summary>
    public static double Abs(double v) => Math.Abs(v);

    /// <summary>ceil.</summary>
    public static double Ceil(double v) => Math.Ceiling(v);

    /// <summary>floor.</summary>
    public static double Floor(double v) => Math.Floor(v);

    /// <summary>exp.</summary>
    public static double Exp(double v) => Math.Exp(v);

    /// <summary>ln: natural logarithm; ln(0) = -Inf, ln of a negative number is NaN.</summary>
    public static double Ln(double v) => Math.Log(v);

    /// <summary>
    /// log2 as Go's math.Log2 defines it: split v = frac·2^exp with frac in [0.5, 1); exact powers of two
    /// give exp - 1, anything else ln(frac)·(1/ln 2) + exp.
    /// </summary>
    public static double Log2(double v)
    {
        if (v == 0 || !double.IsFinite(v) || v < 0)
        {
            // Special values: frexp leaves them alone and log decides (0 → -Inf, <0 → NaN, Inf → Inf).
            return Math.Log(v);
        }

        int exp = Math.ILogB(v) + 1;
        double frac = Math.ScaleB(v, -exp);
        if (frac == 0.5)
        {
            return exp - 1;
        }

        return (Math.Log(frac) * InvLn2) + exp;
    }

    /// <summary>log10 as Go's math.Log10 defines it: ln(v)·(1/ln 10), which is not always the correctly rounded log10.</summary>
    public static double Log10(double v) => Math.Log(v) * InvLn10;

    /// <summary>sqrt.</summary>
    public static double Sqrt(double v) => Math.Sqrt(v);

    /// <summary>sgn: -1, 1, or the value itself for zeros (keeping -0) and NaN.</summary>
    public static double Sgn(double v)
    {
        if (v < 0)
        {
            return -1;
        }

        if (v > 0)
        {
            return 1;
        }

        return v;
    }

    /// <summary>
    /// round(v, to_nearest): floor(v/to_nearest + 0.5)·to_nearest written with the inverse, as Prometheus
    /// does ("fewer floating point accuracy issues"), so ties round up (towards +Inf), -2.5 → -2.
    /// </summary>
    public static double Round(double v, double toNearest = 1)
    {
        double toNearestInverse = 1.0 / toNearest;
        return Math.Floor((v * toNearestInverse) + 0.5) / toNearestInverse;
    }

    /// <summary>
    /// clamp(v, min, max): Go's max(min, min(max, v)). Returns false (the engine outputs nothing for the
    /// whole vector) when max &lt; min; NaN bounds pass that check and yield NaN, except that an infinite
    /// bound wins over NaN as in Go's math.Min/Max.
    /// </summary>
    public static bool Clamp(double v, double min, double max, out double result)
    {
        if (max < min)
        {
            result = double.NaN;
            return false;
        }

        result = GoMath.Max(min, GoMath.Min(max, v));
        return true;
    }

    /// <summary>clamp_min(v, min): Go's math.Max(min, v).</summary>
    public static double ClampMin(double v, double min) => GoMath.Max(min, v);

    /// <summary>clamp_max(v, max): Go's math.Min(max, v); clamp_max(NaN, -Inf) is -Inf, as in Prometheus.</summary>
    public static double ClampMax(double v, double max) => GoMath.Min(max, v);

    /// <summary>sin.</summary>
    public static double Sin(double v) => Math.Sin(v);

    /// <summary>cos.</summary>
    public static double Cos(double v) => Math.Cos(v);

    /// <summary>tan.</summary>
    public static double Tan(double v) => Math.Tan(v);

    /// <summary>
    /// asin as Go's math.Asin computes it: through atan of x/sqrt(1-x²), switching to
    /// π/2 - atan(sqrt(1-x²)/x) above 0.7. 1-x² loses digits near |x| = 1 and Prometheus shows that.
    /// </summary>
    public static double Asin(double v)
    {
        if (v == 0)
        {
            return v;
        }

        double x = Math.Abs(v);
        if (x > 1)
        {
            return double.NaN;
        }

        double temp = Math.Sqrt(1 - (x * x));
        temp = x > 0.7 ? (Math.PI / 2) - Math.Atan(temp / x) : Math.Atan(x / temp);
        return v < 0 ? -temp : temp;
    }

    /// <summary>acos as Go's math.Acos: π/2 - asin(x).</summary>
    public static double Acos(double v) => (Math.PI / 2) - Asin(v);

    /// <summary>atan.</summary>
    public static double Atan(double v) => Math.Atan(v);

    /// <summary>
    /// sinh as Go's math.Sinh: e^|x|/2 above 21, (e^|x| - e^-|x|)/2 above 0.5 (sign restored); below
    /// that Go uses a rational approximation, for which libm's sinh stands in.
    /// </summary>
    public static double Sinh(double v)
    {
        double x = Math.Abs(v);
        double temp;
        if (x > 21)
        {
            temp = Math.Exp(x) * 0.5;
        }
        else if (x > 0.5)
        {
            double ex = Math.Exp(x);
            temp = (ex - (1 / ex)) * 0.5;
        }
        else
        {
            return Math.Sinh(v);
        }

        return v < 0 ? -temp : temp;
    }

    /// <summary>cosh as Go's math.Cosh: e^|x|/2 above 21, else (e^|x| + e^-|x|)/2.</summary>
    public static double Cosh(double v)
    {
        double x = Math.Abs(v);
        if (x > 21)
        {
            return Math.Exp(x) * 0.5;
        }

        double ex = Math.Exp(x);
        return (ex + (1 / ex)) * 0.5;
    }

    /// <summary>
    /// tanh as Go's math.Tanh: ±1 beyond log(2^127)/2, 1 - 2/(e^2|x| + 1) from 0.625 on; below that Go
    /// uses a rational approximation, for which libm's tanh stands in.
    /// </summary>
    public static double Tanh(double v)
    {
        const double HalfMaxLog = 0.5 * 88.029691931113054295988; // ln(2^127) / 2
        double z = Math.Abs(v);
        if (z > HalfMaxLog)
        {
            return v < 0 ? -1 : 1;
        }

        if (z >= 0.625)
        {
            double s = Math.Exp(2 * z);
            z = 1 - (2 / (s + 1));
            return v < 0 ? -z : z;
        }

        return Math.Tanh(v);
    }

    /// <summary>asinh.</summary>
    public static double Asinh(double v) => Math.Asinh(v);

    /// <summary>acosh.</summary>
    public static double Acosh(double v) => Math.Acosh(v);

    /// <summary>atanh.</summary>
    public static double Atanh(double v) => Math.Atanh(v);

    /// <summary>deg: v·180/π in that order, as Prometheus multiplies first.</summary>
    public static double Deg(double v) => v * 180 / Math.PI;

    /// <summary>rad: v·π/180 in that order.</summary>
    public static double Rad(double v) => v * Math.PI / 180;

    /// <summary>pi().</summary>
    public static double Pi() => Math.PI;
}
