namespace Nines.Query.Functions;

/// <summary>
/// Aggregation kernels that need the whole group at once. The streaming ones are small structs the
/// engine keeps one per group: <see cref="SumAccumulator"/>, <see cref="AvgAccumulator"/>,
/// <see cref="MinAccumulator"/>, <see cref="MaxAccumulator"/>, <see cref="StdvarAccumulator"/>.
/// </summary>
internal static class Aggregations
{
    /// <summary>
    /// Prometheus 2.42 quantile (https://github.com/prometheus/prometheus/blob/v2.42.0/promql/quantile.go):
    /// the values sorted ascending (NaN first, as Go's vectorByValueHeap orders them), rank = phi·(n-1),
    /// linear interpolation between the two neighbouring values. No values or NaN phi give NaN,
    /// phi &lt; 0 gives -Inf and phi &gt; 1 gives +Inf. Sorts <paramref name="values"/> in place.
    /// </summary>
    public static double Quantile(double phi, Span<double> values)
    {
        if (values.IsEmpty || double.IsNaN(phi))
        {
            return double.NaN;
        }

        if (phi < 0)
        {
            return double.NegativeInfinity;
        }

        if (phi > 1)
        {
            return double.PositiveInfinity;
        }

        // double's IComparable order puts NaN before every number, matching the Go sort's result.
        values.Sort();

        double n = values.Length;
        double rank = phi * (n - 1);
        double lowerIndex = Math.Max(0, Math.Floor(rank));
        double upperIndex = Math.Min(n - 1, lowerIndex + 1);
        double weight = rank - Math.Floor(rank);
        return (values[(int)lowerIndex] * (1 - weight)) + (values[(int)upperIndex] * weight);
    }

    /// <summary>
    /// The label value count_values gives a sample value: Go's strconv.FormatFloat(v, 'f', -1, 64)
    /// ("100000000000000000000", "0.000015", "+Inf").
    /// </summary>
    public static string CountValuesLabel(double value) => GoStrconv.FormatF(value);

    /// <summary>
    /// topk / bottomk of one group as Prometheus 2.42 does them (engine.go, a heap per group): NaN counts as
    /// the worst value, a newcomer replaces the current worst only when strictly better, and the result
    /// comes out best first — topk descending, bottomk ascending, NaNs last in both.
    /// </summary>
    /// <param name="values">The group's sample values, in input order.</param>
    /// <param name="k">How many to keep (the engine has already rejected k &lt; 1 and truncated the parameter).</param>
    /// <param name="bottom">bottomk instead of topk.</param>
    /// <param name="selected">Receives the indexes into <paramref name="values"/>, best first; at least min(k, n) long.</param>
    /// <returns>How many indexes were written.</returns>
    public static int TopK(ReadOnlySpan<double> values, int k, bool bottom, Span<int> selected)
    {
        int m = 0;
        int limit = Math.Min(k, values.Length);
        if (limit <= 0)
        {
            return 0;
        }

        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (m == limit)
            {
                if (!Better(x, values[selected[m - 1]], bottom))
                {
                    continue;
                }

                m--; // evict the current worst
            }

            // Insert after every element x does not beat, so equal values keep arrival order.
            int p = 0;
            while (p < m && !Better(x, values[selected[p]], bottom))
            {
                p++;
            }

            for (int j = m; j > p; j--)
            {
                selected[j] = selected[j - 1];
            }

            selected[p] = i;
            m++;
        }

        return m;
    }

    private static bool Better(double a, double b, bool bottom)
    {
        if (double.IsNaN(b))
        {
            return !double.IsNaN(a);
        }

        return bottom ? a < b : a > b;
    }
}
