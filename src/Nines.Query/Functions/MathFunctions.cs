namespace Nines.Query.Functions;

/// <summary>
/// Element-wise PromQL functions (2.42 simpleFunc and friends in
/// https://github.com/prometheus/prometheus/blob/v2.42.0/promql/functions.go). Prometheus calls Go's
/// math package; where .NET's System.Math has different special-value rules the Go rule is spelled
/// out. Transcendental functions (exp, ln, trig, ...) use the platform's libm and can differ from
/// Go's own implementations in the last bit for some inputs.
/// </summary>
internal static class MathFunctions
{
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

    /// <summary>log2.</summary>
    public static double Log2(double v) => Math.Log2(v);

    /// <summary>log10.</summary>
    public static double Log10(double v) => Math.Log10(v);

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

    /// <summary>asin.</summary>
    public static double Asin(double v) => Math.Asin(v);

    /// <summary>acos.</summary>
    public static double Acos(double v) => Math.Acos(v);

    /// <summary>atan.</summary>
    public static double Atan(double v) => Math.Atan(v);

    /// <summary>sinh.</summary>
    public static double Sinh(double v) => Math.Sinh(v);

    /// <summary>cosh.</summary>
    public static double Cosh(double v) => Math.Cosh(v);

    /// <summary>tanh.</summary>
    public static double Tanh(double v) => Math.Tanh(v);

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
