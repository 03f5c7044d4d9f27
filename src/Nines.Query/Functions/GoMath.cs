namespace Nines.Query.Functions;

/// <summary>
/// The few places where Go's math package and .NET's System.Math disagree on special values.
/// Prometheus is written in Go, so its answers follow Go's rules.
/// </summary>
internal static class GoMath
{
    /// <summary>
    /// Go's math.Max: an infinite +Inf argument wins even over NaN (https://pkg.go.dev/math#Max),
    /// whereas .NET's Math.Max propagates the NaN.
    /// </summary>
    public static double Max(double x, double y)
    {
        if (double.IsPositiveInfinity(x) || double.IsPositiveInfinity(y))
        {
            return double.PositiveInfinity;
        }

        return Math.Max(x, y);
    }

    /// <summary>Go's math.Min: -Inf wins even over NaN (https://pkg.go.dev/math#Min).</summary>
    public static double Min(double x, double y)
    {
        if (double.IsNegativeInfinity(x) || double.IsNegativeInfinity(y))
        {
            return double.NegativeInfinity;
        }

        return Math.Min(x, y);
    }

    /// <summary>
    /// Go's int64(f) on amd64 (CVTTSD2SQ): truncation toward zero, and the "integer indefinite"
    /// value math.MinInt64 for NaN, infinities and anything out of range. .NET 9+ saturates
    /// instead, so the conversion is spelled out.
    /// </summary>
    public static long ToInt64(double v)
    {
        // 2^63 is exactly representable; every double strictly inside (-2^63, 2^63) truncates into range.
        const double TwoPow63 = 9223372036854775808.0;
        if (double.IsNaN(v) || v >= TwoPow63 || v < -TwoPow63)
        {
            return long.MinValue;
        }

        return (long)v;
    }
}
