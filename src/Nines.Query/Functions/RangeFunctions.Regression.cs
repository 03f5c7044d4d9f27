using System.Globalization;

namespace Nines.Query.Functions;

/// <summary>deriv, predict_linear and holt_winters: the kernels that fit a model to the samples.</summary>
internal static partial class RangeFunctions
{
    /// <summary>
    /// deriv: slope per second of the least-squares line. Prometheus 2.42 measures x relative to the
    /// first sample's timestamp to keep the sums small (prometheus/prometheus#2674).
    /// </summary>
    public static bool Deriv(ReadOnlySpan<long> t, ReadOnlySpan<double> v, out double result)
    {
        if (v.Length < 2)
        {
            result = 0;
            return false;
        }

        LinearRegression(t, v, t[0], out result, out _);
        return true;
    }

    /// <summary>
    /// predict_linear: the least-squares line evaluated <paramref name="durationSeconds"/> after the
    /// evaluation time. 2.42 takes the intercept at the evaluation time (enh.Ts), not at the window end,
    /// so an offset modifier does not shift the reference point.
    /// </summary>
    public static bool PredictLinear(
        ReadOnlySpan<long> t,
        ReadOnlySpan<double> v,
        long evalTimeMs,
        double durationSeconds,
        out double result)
    {
        if (v.Length < 2)
        {
            result = 0;
            return false;
        }

        LinearRegression(t, v, evalTimeMs, out double slope, out double intercept);
        result = (slope * durationSeconds) + intercept;
        return true;
    }

    /// <summary>
    /// Prometheus 2.42 linearRegression: compensated sums of x, y, xy, x²; a constant series has slope 0
    /// (or NaN when the constant is infinite) rather than whatever rounding would leave.
    /// </summary>
    internal static void LinearRegression(
        ReadOnlySpan<long> t,
        ReadOnlySpan<double> v,
        long interceptTimeMs,
        out double slope,
        out double intercept)
    {
        double n = 0;
        double sumX = 0, cX = 0;
        double sumY = 0, cY = 0;
        double sumXY = 0, cXY = 0;
        double sumX2 = 0, cX2 = 0;
        double initY = v[0];
        bool constY = true;
        for (int i = 0; i < v.Length; i++)
        {
            double y = v[i];
            if (constY && i > 0 && y != initY)
            {
                constY = false;
            }

            n += 1.0;
            double x = (t[i] - interceptTimeMs) / 1e3;
            KahanSum.Inc(x, ref sumX, ref cX);
            KahanSum.Inc(y, ref sumY, ref cY);
            KahanSum.Inc(x * y, ref sumXY, ref cXY);
            KahanSum.Inc(x * x, ref sumX2, ref cX2);
        }

        if (constY)
        {
            if (double.IsInfinity(initY))
            {
                slope = double.NaN;
                intercept = double.NaN;
                return;
            }

            slope = 0;
            intercept = initY;
            return;
        }

        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;

        double covXY = sumXY - (sumX * sumY / n);
        double varX = sumX2 - (sumX * sumX / n);
        slope = covXY / varX;
        intercept = (sumY / n) - (slope * sumX / n);
    }

    /// <summary>
    /// The error Prometheus 2.42 raises for holt_winters factors outside (0, 1), or null when they are
    /// valid. NaN passes, as it does in Prometheus (both comparisons are false).
    /// </summary>
    public static string? HoltWintersArgumentError(double smoothingFactor, double trendFactor)
    {
        if (smoothingFactor <= 0 || smoothingFactor >= 1)
        {
            return "invalid smoothing factor. Expected: 0 < sf < 1, got: " + FormatGoPercentF(smoothingFactor);
        }

        if (trendFactor <= 0 || trendFactor >= 1)
        {
            return "invalid trend factor. Expected: 0 < tf < 1, got: " + FormatGoPercentF(trendFactor);
        }

        return null;
    }

    /// <summary>
    /// holt_winters (renamed double_exponential_smoothing in Prometheus 3.x): 2.42's double exponential
    /// smoothing, where the first trend is the first difference.
    /// </summary>
    /// <exception cref="QueryException">A factor is outside (0, 1); the message is Prometheus's.</exception>
    public static bool HoltWinters(ReadOnlySpan<double> v, double smoothingFactor, double trendFactor, out double result)
    {
        string? error = HoltWintersArgumentError(smoothingFactor, trendFactor);
        if (error is not null)
        {
            throw new QueryException(QueryErrorType.Execution, error);
        }

        int l = v.Length;
        if (l < 2)
        {
            result = 0;
            return false;
        }

        double sf = smoothingFactor, tf = trendFactor;
        double s0 = 0;
        double s1 = v[0];
        double b = v[1] - v[0];
        for (int i = 1; i < l; i++)
        {
            double x = sf * v[i];

            // The trend of the first step is the initial difference; later ones blend the last change
            // of the smoothed value with the previous trend.
            if (i > 1)
            {
                b = (tf * (s1 - s0)) + ((1 - tf) * b);
            }

            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }

        result = s1;
        return true;
    }

    /// <summary>Go's fmt %f: six decimals, "NaN", "+Inf", "-Inf".</summary>
    private static string FormatGoPercentF(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        return value.ToString("F6", CultureInfo.InvariantCulture);
    }
}
