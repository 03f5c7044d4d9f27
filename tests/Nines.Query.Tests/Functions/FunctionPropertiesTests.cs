using FsCheck.Xunit;
using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

/// <summary>Properties checked against independent oracles (.NET's calendar, ordering laws).</summary>
public class FunctionPropertiesTests
{
    private const long MinDotNetSeconds = -62_135_596_800; // 0001-01-01
    private const long MaxDotNetSeconds = 253_402_300_799; // 9999-12-31 23:59:59

    [Property(MaxTest = 2000)]
    public bool TimeFunctions_AnyDateInDotNetRange_AgreeWithDateTimeOffset(long seed)
    {
        long span = MaxDotNetSeconds - MinDotNetSeconds;
        long s = MinDotNetSeconds + (long)((ulong)seed % (ulong)span);
        var d = DateTimeOffset.FromUnixTimeSeconds(s);
        return TimeFunctions.Year(s) == d.Year
            && TimeFunctions.Month(s) == d.Month
            && TimeFunctions.DayOfMonth(s) == d.Day
            && TimeFunctions.DayOfYear(s) == d.DayOfYear
            && TimeFunctions.DayOfWeek(s) == (int)d.DayOfWeek
            && TimeFunctions.Hour(s) == d.Hour
            && TimeFunctions.Minute(s) == d.Minute
            && TimeFunctions.DaysInMonth(s) == DateTime.DaysInMonth(d.Year, d.Month);
    }

    [Property(MaxTest = 500)]
    public bool Quantile_FiniteValues_BetweenMinAndMaxAndMonotonicInPhi(double[] raw, byte a, byte b)
    {
        double[] values = [.. raw.Where(double.IsFinite)];
        if (values.Length == 0)
        {
            return true;
        }

        double lo = Math.Min(a, b) / 255.0, hi = Math.Max(a, b) / 255.0;
        double qlo = Aggregations.Quantile(lo, (double[])values.Clone());
        double qhi = Aggregations.Quantile(hi, (double[])values.Clone());
        double tol = 1e-9 * values.Max(Math.Abs);
        return qlo >= values.Min() - tol && qhi <= values.Max() + tol && qlo <= qhi + tol;
    }

    [Property(MaxTest = 500)]
    public bool BucketQuantile_MonotonicInQ(byte[] increments, byte a, byte b)
    {
        if (increments.Length == 0)
        {
            return true;
        }

        var buckets = new Bucket[increments.Length + 1];
        double count = 0;
        for (int i = 0; i < increments.Length; i++)
        {
            count += increments[i];
            buckets[i] = new Bucket(i + 1, count);
        }

        buckets[^1] = new Bucket(double.PositiveInfinity, count + 1);
        // q = 0 over a leading empty bucket is 0/0 = NaN in Prometheus' bucketQuantile too (promtool
        // agrees), so the monotonicity property is stated for q > 0.
        double lo = Math.Max(1, (int)Math.Min(a, b)) / 255.0, hi = Math.Max(1, (int)Math.Max(a, b)) / 255.0;
        double qlo = HistogramFunctions.BucketQuantile(lo, (Bucket[])buckets.Clone());
        double qhi = HistogramFunctions.BucketQuantile(hi, (Bucket[])buckets.Clone());
        return qlo <= qhi && qlo >= 0 && qhi <= increments.Length;
    }

    [Property(MaxTest = 1000)]
    public bool GoStrconv_FormatThenParse_RoundTrips(double v)
    {
        if (double.IsNaN(v))
        {
            return GoStrconv.TryParse(GoStrconv.FormatF(v), out double nan) && double.IsNaN(nan);
        }

        return GoStrconv.TryParse(GoStrconv.FormatF(v), out double back)
            && BitConverter.DoubleToInt64Bits(back) == BitConverter.DoubleToInt64Bits(v);
    }

    [Property(MaxTest = 500)]
    public bool Extrapolated_IncreaseEqualsRateTimesRange(byte[] steps)
    {
        if (steps.Length < 2)
        {
            return true;
        }

        long[] t = new long[steps.Length];
        double[] v = new double[steps.Length];
        double c = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            t[i] = 5_000 + (i * 15_000L);
            c += steps[i];
            v[i] = c;
        }

        long end = t[^1] + 7_000;
        RangeFunctions.Extrapolated(t, v, 0, end, true, false, out double increase);
        RangeFunctions.Extrapolated(t, v, 0, end, true, true, out double rate);
        return Math.Abs((rate * (end / 1000.0)) - increase) <= 1e-9 * Math.Max(1, increase) && increase >= 0;
    }
}
