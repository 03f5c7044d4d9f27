namespace Nines.Query.Functions;

/// <summary>
/// Neumaier-compensated summation, the form Prometheus 2.42 uses in sum_over_time, avg_over_time,
/// stddev/stdvar_over_time and the linear regression behind deriv/predict_linear
/// (kahanSumInc in https://github.com/prometheus/prometheus/blob/v2.42.0/promql/functions.go).
/// The aggregation operators (sum, avg by ...) do not use it in 2.42; see SumAccumulator.
/// </summary>
internal static class KahanSum
{
    /// <summary>Adds <paramref name="inc"/> to <paramref name="sum"/>, keeping the lost low-order bits in <paramref name="c"/>.</summary>
    public static void Inc(double inc, ref double sum, ref double c)
    {
        double t = sum + inc;
        // Neumaier's variant: the compensation comes from whichever operand is larger in magnitude.
        if (Math.Abs(sum) >= Math.Abs(inc))
        {
            c += (sum - t) + inc;
        }
        else
        {
            c += (inc - t) + sum;
        }

        sum = t;
    }
}
