using Nines.Metrics.Histograms;
using Nines.Query.Functions.Histograms;

namespace Nines.Query.Functions;

internal static partial class RangeFunctions
{
    /// <summary>
    /// rate/increase/delta over a window of native histograms (2.42 extrapolatedRate with
    /// histogramRate): last minus first at the coarsest schema seen, each detected counter reset
    /// adding back the histogram before it, scaled by the same extrapolation factor as floats (the
    /// zero-point clamp never applies: 2.42 leaves it out for histograms). Null when the window has
    /// fewer than two samples or mixes floats and histograms (Prometheus drops the series then).
    /// </summary>
    /// <param name="h">The window's samples: null entries are float samples.</param>
    public static FloatHistogram? HistogramExtrapolated(
        ReadOnlySpan<long> t,
        ReadOnlySpan<FloatHistogram?> h,
        long rangeStartMs,
        long rangeEndMs,
        bool isCounter,
        bool isRate)
    {
        var n = h.Length;
        if (n < 2 || h[0] is not { } first || h[n - 1] is not { } last)
        {
            return null;
        }

        var minSchema = Math.Min(first.Schema, last.Schema);
        for (var i = 1; i < n - 1; i++)
        {
            if (h[i] is not { } current)
            {
                return null;
            }

            // 2.42 looks at the inner samples' schemas for counters only.
            if (isCounter && current.Schema < minSchema)
            {
                minSchema = current.Schema;
            }
        }

        var result = HistogramMath.Combine(HistogramMath.CopyToSchema(last, minSchema), first, sign: -1);
        if (isCounter)
        {
            var prev = first;
            for (var i = 1; i < n; i++)
            {
                var current = h[i]!;
                if (HistogramMath.DetectReset(current, prev))
                {
                    result = HistogramMath.Combine(result, prev);
                }

                prev = current;
            }
        }

        result = HistogramMath.Scale(result, ExtrapolationFactor(t, rangeStartMs, rangeEndMs, isCounter: false, 0, 0, isRate));
        result.CounterResetHint = CounterResetHint.Gauge;
        return HistogramMath.Compact(result);
    }

    /// <summary>Whether any sample of the window is a histogram (a float rate over such a window yields nothing in 2.42).</summary>
    public static bool AnyHistogram(ReadOnlySpan<FloatHistogram?> h)
    {
        foreach (var x in h)
        {
            if (x is not null)
            {
                return true;
            }
        }

        return false;
    }
}
