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
}
