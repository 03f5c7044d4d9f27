namespace Nines.Query.Functions;

/// <summary>
/// Kernels of the PromQL functions that take a range vector, one series at a time: timestamps in
/// milliseconds ascending, values alongside. They follow Prometheus 2.42
/// (https://github.com/prometheus/prometheus/blob/v2.42.0/promql/functions.go); a kernel returning
/// <c>false</c> means Prometheus drops the series from the result.
/// </summary>
internal static partial class RangeFunctions
{
    /// <summary>
    /// rate (counter, rate), increase (counter) and delta (neither): Prometheus 2.42 extrapolatedRate.
    /// </summary>
    /// <param name="t">Sample timestamps (ms) inside the selected window, ascending.</param>
    /// <param name="v">Sample values.</param>
    /// <param name="rangeStartMs">Window start: evaluation time minus range minus offset.</param>
    /// <param name="rangeEndMs">Window end: evaluation time minus offset.</param>
    /// <param name="isCounter">Correct counter resets and clamp extrapolation at the counter's zero point.</param>
    /// <param name="isRate">Divide by the range in seconds.</param>
    /// <param name="result">The value; undefined when the method returns false.</param>
    /// <returns>False when fewer than two samples are given (Prometheus drops the series).</returns>
    public static bool Extrapolated(
        ReadOnlySpan<long> t,
        ReadOnlySpan<double> v,
        long rangeStartMs,
        long rangeEndMs,
        bool isCounter,
        bool isRate,
        out double result)
    {
        int n = v.Length;
        if (n < 2)
        {
            result = 0;
            return false;
        }

        double delta = v[n - 1] - v[0];
        if (isCounter)
        {
            // A drop means the counter restarted from zero: add back what it had reached.
            double prev = v[0];
            for (int i = 1; i < n; i++)
            {
                if (v[i] < prev)
                {
                    delta += prev;
                }

                prev = v[i];
            }
        }

        result = delta * ExtrapolationFactor(t, rangeStartMs, rangeEndMs, isCounter, v[0], delta, isRate);
        return true;
    }

    /// <summary>
    /// The factor extrapolatedRate multiplies the raw difference by: the sampled interval stretched
    /// to the window edges where a sample would be expected there, over the range for a rate.
    /// </summary>
    internal static double ExtrapolationFactor(ReadOnlySpan<long> t, long rangeStartMs, long rangeEndMs, bool isCounter, double first, double delta, bool isRate)
    {
        int n = t.Length;
        double durationToStart = (t[0] - rangeStartMs) / 1000.0;
        double durationToEnd = (rangeEndMs - t[n - 1]) / 1000.0;
        double sampledInterval = (t[n - 1] - t[0]) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (n - 1);

        // 2.42 applies the zero-point clamp before the 1.1x threshold test, so a clamped start
        // can fall under the threshold and be extrapolated to in full. Later Prometheus (3.x) tests
        // the threshold first and clamps afterwards; results differ when the clamp applies.
        if (isCounter && delta > 0 && first >= 0)
        {
            double durationToZero = sampledInterval * (first / delta);
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        // Extrapolate to a boundary only when a sample would be expected there (within 110% of the
        // average spacing); otherwise assume the series starts/ends half an interval out.
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        double extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < extrapolationThreshold
            ? durationToStart
            : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < extrapolationThreshold
            ? durationToEnd
            : averageDurationBetweenSamples / 2;

        // Same operation order as 2.42 (one factor, divided by the range, then applied) so the last bits agree.
        double factor = extrapolateToInterval / sampledInterval;
        if (isRate)
        {
            factor /= DurationSeconds(rangeEndMs - rangeStartMs);
        }

        return factor;
    }

    /// <summary>irate: per-second rate between the last two samples, a drop read as a reset (2.42 instantValue).</summary>
    public static bool Irate(ReadOnlySpan<long> t, ReadOnlySpan<double> v, out double result) =>
        InstantValue(t, v, isRate: true, out result);

    /// <summary>idelta: difference between the last two samples (2.42 instantValue).</summary>
    public static bool Idelta(ReadOnlySpan<long> t, ReadOnlySpan<double> v, out double result) =>
        InstantValue(t, v, isRate: false, out result);

    /// <summary>changes: how often the value changed; NaN to NaN is no change.</summary>
    public static double Changes(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return 0;
        }

        int changes = 0;
        double prev = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            double current = v[i];
            if (current != prev && !(double.IsNaN(current) && double.IsNaN(prev)))
            {
                changes++;
            }

            prev = current;
        }

        return changes;
    }

    /// <summary>resets: how often the value dropped (comparisons with NaN are false, as in Go).</summary>
    public static double Resets(ReadOnlySpan<double> v)
    {
        if (v.IsEmpty)
        {
            return 0;
        }

        int resets = 0;
        double prev = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] < prev)
            {
                resets++;
            }

            prev = v[i];
        }

        return resets;
    }

    /// <summary>
    /// Go's time.Duration.Seconds(): whole seconds plus the remainder in nanoseconds over 1e9. Computing
    /// it the same way keeps the last bit equal for ranges that are not whole seconds.
    /// </summary>
    internal static double DurationSeconds(long milliseconds)
    {
        long seconds = milliseconds / 1000;
        long nanoseconds = milliseconds % 1000 * 1_000_000;
        return seconds + (nanoseconds / 1e9);
    }

    private static bool InstantValue(ReadOnlySpan<long> t, ReadOnlySpan<double> v, bool isRate, out double result)
    {
        int n = v.Length;
        if (n < 2)
        {
            result = 0;
            return false;
        }

        double last = v[n - 1];
        double previous = v[n - 2];
        result = isRate && last < previous ? last : last - previous;

        long sampledInterval = t[n - 1] - t[n - 2];
        if (sampledInterval == 0)
        {
            // Prometheus drops the series rather than divide by zero (checked for idelta too).
            return false;
        }

        if (isRate)
        {
            result /= sampledInterval / 1000.0;
        }

        return true;
    }
}
