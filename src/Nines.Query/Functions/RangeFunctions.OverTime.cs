namespace Nines.Query.Functions;

/// <summary>
/// The *_over_time kernels. The engine only calls them with at least one sample (a series with no
/// sample in the window is dropped before); on an empty span they return NaN (0 for counts).
/// </summary>
internal static partial class RangeFunctions
{
    /// <summary>
    /// avg_over_time as 2.42: an incremental mean (each step adds v/n - mean/n, so large values do not
    /// overflow a running sum), compensated with Neumaier summation, and an infinite mean kept as is
    /// when a finite value or an infinity of the same sign arrives (Inf - Inf would give NaN).
    /// Prometheus 3.x sums directly and falls back to the incremental mean only on overflow.
    /// </summary>
    public static double AvgOverTime(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return double.NaN;
        }

        double mean = 0, count = 0, c = 0;
        foreach (double x in v)
        {
            count++;
            if (double.IsInfinity(mean))
            {
                if (double.IsInfinity(x) && (mean > 0) == (x > 0))
                {
                    continue;
                }

                if (double.IsFinite(x))
                {
                    continue;
                }
            }

            KahanSum.Inc((x / count) - (mean / count), ref mean, ref c);
        }

        return double.IsInfinity(mean) ? mean : mean + c;
    }

    /// <summary>sum_over_time: Neumaier-compensated sum; an infinite sum is returned without the compensation.</summary>
    public static double SumOverTime(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0, c = 0;
        foreach (double x in v)
        {
            KahanSum.Inc(x, ref sum, ref c);
        }

        return double.IsInfinity(sum) ? sum : sum + c;
    }

    /// <summary>min_over_time: NaN only when every sample is NaN (a NaN start is replaced by the next value).</summary>
    public static double MinOverTime(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return double.NaN;
        }

        double min = v[0];
        foreach (double x in v)
        {
            if (x < min || double.IsNaN(min))
            {
                min = x;
            }
        }

        return min;
    }

    /// <summary>max_over_time: NaN only when every sample is NaN.</summary>
    public static double MaxOverTime(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return double.NaN;
        }

        double max = v[0];
        foreach (double x in v)
        {
            if (x > max || double.IsNaN(max))
            {
                max = x;
            }
        }

        return max;
    }

    /// <summary>count_over_time.</summary>
    public static double CountOverTime(ReadOnlySpan<double> v) => v.Length;

    /// <summary>last_over_time: the newest value (the engine keeps the series' labels, unlike the others).</summary>
    public static double LastOverTime(ReadOnlySpan<double> v) => v.IsEmpty ? double.NaN : v[^1];

    /// <summary>present_over_time: 1 for any series with a sample in the window.</summary>
    public static double PresentOverTime(ReadOnlySpan<double> v) => v.IsEmpty ? double.NaN : 1;

    /// <summary>stddev_over_time: population standard deviation, the square root of <see cref="StdvarOverTime"/>.</summary>
    public static double StddevOverTime(ReadOnlySpan<double> v) => Math.Sqrt(StdvarOverTime(v));

    /// <summary>
    /// stdvar_over_time: population variance by Welford's online update, both running sums compensated
    /// (2.42 funcStdvarOverTime).
    /// </summary>
    public static double StdvarOverTime(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return double.NaN;
        }

        double count = 0;
        double mean = 0, cMean = 0;
        double aux = 0, cAux = 0;
        foreach (double x in v)
        {
            count++;
            double delta = x - (mean + cMean);
            KahanSum.Inc(delta / count, ref mean, ref cMean);
            KahanSum.Inc(delta * (x - (mean + cMean)), ref aux, ref cAux);
        }

        return (aux + cAux) / count;
    }

    /// <summary>
    /// quantile_over_time: the same rank interpolation as the quantile aggregation
    /// (<see cref="Aggregations.Quantile"/>). Sorts <paramref name="values"/> in place; pass a scratch copy
    /// when the samples must be kept.
    /// </summary>
    public static double QuantileOverTime(double phi, Span<double> values) => Aggregations.Quantile(phi, values);

    /// <summary>
    /// mad_over_time (Prometheus 3.x only, experimental; absent from 2.42): the median of the absolute
    /// deviations from the median. Overwrites <paramref name="values"/>.
    /// </summary>
    public static double MadOverTime(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double median = Aggregations.Quantile(0.5, values);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        return Aggregations.Quantile(0.5, values);
    }
}
