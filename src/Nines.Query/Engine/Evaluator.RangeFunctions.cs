using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Functions;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// A function over a range vector: per series and step the samples of the window
    /// [end - range, end] are handed to the kernel; an empty window yields nothing (engine.go).
    /// </summary>
    private VectorValue EvalRangeFunction(Call c, int matrixArg)
    {
        var name = c.Func.Name;
        var scalars = new double[c.Args.Count][];
        for (var a = 0; a < c.Args.Count; a++)
        {
            if (a != matrixArg && c.Func.ArgTypes[Math.Min(a, c.Func.ArgTypes.Length - 1)] == PromType.Scalar)
            {
                scalars[a] = ((ScalarValue)Eval(c.Args[a])).Values;
            }
        }

        if (name != "absent_over_time" && c.Args[matrixArg] is MatrixSelector ms)
        {
            return EvalRangeFunctionStreaming(name, ms, scalars);
        }

        var range = (RangeValue)Eval(c.Args[matrixArg]);
        if (name == "absent_over_time")
        {
            return AbsentOverTime(range, c.Args[matrixArg]);
        }

        var output = new List<StepSeries>(range.Series.Count);
        double[]? scratch = null;
        foreach (var series in range.Series)
        {
            _state.CheckAlive();
            var histograms = series.Histograms is null ? default : series.Histograms.AsSpan(0, series.Count);
            var o = EvalWindows(name, series.Labels, series.Timestamps.AsSpan(0, series.Count), series.Values.AsSpan(0, series.Count), histograms, range.WindowEnds, range.RangeMs, scalars, ref scratch);
            if (o is not null)
            {
                output.Add(o);
            }
        }

        return Dedupe(output);
    }

    /// <summary>
    /// A range function straight over a selector (<c>rate(x[5m])</c>, the common case): each
    /// series is decoded into one reused buffer, its windows computed and the buffer reused for the
    /// next series, so the query never holds more than one series' samples (Prometheus' engine
    /// works series by series the same way) instead of every selected sample at once.
    /// </summary>
    private VectorValue EvalRangeFunctionStreaming(string name, MatrixSelector ms, double[][] scalars)
    {
        _state.CheckAlive(force: true);
        var vs = ms.Selector;
        var ends = RefTimes(vs.At, vs.AtMs, vs.OffsetMs);
        var output = new List<StepSeries>();
        if (ends.Length == 0)
        {
            return new VectorValue(output);
        }

        // The function goes with the selection: a source may answer it from downsampled aggregates.
        var hints = new SelectHints { Function = name, RangeMs = ms.RangeMs, StepMs = _interval };
        var selected = _state.Source.Select(vs.Matchers, ends[0] - ms.RangeMs, ends[^1], hints);
        _state.AddInfo(hints.Info);
        _state.AddSeries(selected.Count);
        if (name == "count_over_time" && hints.Aggregate == Nines.Metrics.Downsampling.DownsampleAggregate.Count)
        {
            // Stored counts per window: the count over a range is their sum.
            name = "sum_over_time";
        }

        var buffer = new SampleBuffer();
        double[]? scratch = null;
        foreach (var series in selected)
        {
            if (!LoadRangeSeries(buffer, series))
            {
                continue;
            }

            var histograms = buffer.HasHistograms ? buffer.Histograms.AsSpan(0, buffer.Count) : default;
            var o = EvalWindows(name, series.Labels, buffer.Timestamps.AsSpan(0, buffer.Count), buffer.Values.AsSpan(0, buffer.Count), histograms, ends, ms.RangeMs, scalars, ref scratch);
            if (o is not null)
            {
                output.Add(o);
            }
        }

        return Dedupe(output);
    }

    /// <summary>
    /// One series' windows: the kernel per step over [end - range, end]; null when no step has a
    /// result. <paramref name="h"/> is empty for a float-only series (the usual case); otherwise
    /// histogram samples sit at their index with value 0, which is what every kernel but
    /// rate/increase/delta sees in 2.42 too.
    /// </summary>
    private StepSeries? EvalWindows(string name, LabelSet labels, ReadOnlySpan<long> t, ReadOnlySpan<double> v, ReadOnlySpan<FloatHistogram?> h, long[] ends, long rangeMs, double[][] scalars, ref double[]? scratch)
    {
        var histogramRate = !h.IsEmpty && name is "rate" or "increase" or "delta";
        StepSeries? o = null;
        int lo = 0, hi = 0;
        long peak = 0;
        for (var i = 0; i < Steps; i++)
        {
            // Per step, not per series: one series over 11,000 steps with big windows is seconds of work.
            _state.CheckAlive();
            var end = ends[i];
            var start = end - rangeMs;
            if (i > 0 && end < ends[i - 1])
            {
                lo = 0;
                hi = 0;
            }

            while (hi < t.Length && t[hi] <= end)
            {
                hi++;
            }

            while (lo < hi && t[lo] < start)
            {
                lo++;
            }

            if (lo >= hi)
            {
                continue;
            }

            peak = Math.Max(peak, hi - lo);
            var wt = t[lo..hi];
            var wv = v[lo..hi];
            if (histogramRate)
            {
                var wh = h[lo..hi];
                if (wh[0] is not null)
                {
                    var rate = RangeFunctions.HistogramExtrapolated(wt, wh, start, end, isCounter: name != "delta", isRate: name == "rate");
                    if (rate is not null)
                    {
                        o ??= StepSeries.Create(DropMetricName(labels), Steps);
                        o.SetHistogram(i, rate);
                    }

                    continue;
                }

                if (RangeFunctions.AnyHistogram(wh))
                {
                    // Floats then histograms in one window: 2.42 drops the series at this step.
                    continue;
                }
            }

            double result;
            bool ok;
            switch (name)
            {
                case "rate":
                    ok = RangeFunctions.Extrapolated(wt, wv, start, end, isCounter: true, isRate: true, out result);
                    break;
                case "increase":
                    ok = RangeFunctions.Extrapolated(wt, wv, start, end, isCounter: true, isRate: false, out result);
                    break;
                case "delta":
                    ok = RangeFunctions.Extrapolated(wt, wv, start, end, isCounter: false, isRate: false, out result);
                    break;
                case "irate":
                    ok = RangeFunctions.Irate(wt, wv, out result);
                    break;
                case "idelta":
                    ok = RangeFunctions.Idelta(wt, wv, out result);
                    break;
                case "deriv":
                    ok = RangeFunctions.Deriv(wt, wv, out result);
                    break;
                case "predict_linear":
                    // The regression is anchored at the step time, not the window end (funcPredictLinear uses enh.Ts).
                    ok = RangeFunctions.PredictLinear(wt, wv, _ts[i], scalars[1][i], out result);
                    break;
                case "holt_winters" or "double_exponential_smoothing":
                    ok = RangeFunctions.HoltWinters(wv, scalars[1][i], scalars[2][i], out result);
                    break;
                case "changes":
                    ok = true;
                    result = RangeFunctions.Changes(wv);
                    break;
                case "resets":
                    ok = true;
                    result = RangeFunctions.Resets(wv);
                    break;
                case "avg_over_time":
                    ok = true;
                    result = RangeFunctions.AvgOverTime(wv);
                    break;
                case "sum_over_time":
                    ok = true;
                    result = RangeFunctions.SumOverTime(wv);
                    break;
                case "min_over_time":
                    ok = true;
                    result = RangeFunctions.MinOverTime(wv);
                    break;
                case "max_over_time":
                    ok = true;
                    result = RangeFunctions.MaxOverTime(wv);
                    break;
                case "count_over_time":
                    ok = true;
                    result = RangeFunctions.CountOverTime(wv);
                    break;
                case "last_over_time":
                    ok = true;
                    result = RangeFunctions.LastOverTime(wv);
                    break;
                case "present_over_time":
                    ok = true;
                    result = RangeFunctions.PresentOverTime(wv);
                    break;
                case "stddev_over_time":
                    ok = true;
                    result = RangeFunctions.StddevOverTime(wv);
                    break;
                case "stdvar_over_time":
                    ok = true;
                    result = RangeFunctions.StdvarOverTime(wv);
                    break;
                case "quantile_over_time":
                    if (scratch is null || scratch.Length < wv.Length)
                    {
                        scratch = new double[Math.Max(wv.Length, 64)];
                    }

                    wv.CopyTo(scratch);
                    ok = true;
                    result = RangeFunctions.QuantileOverTime(scalars[0][i], scratch.AsSpan(0, wv.Length));
                    break;
                default:
                    throw new QueryException(QueryErrorType.Execution, $"function {GoQuote.Quote(name)} is not implemented yet");
            }

            if (!ok)
            {
                continue;
            }

            // last_over_time acts like an offset and keeps the metric name; every other range function drops it.
            o ??= StepSeries.Create(name == "last_over_time" ? labels : DropMetricName(labels), Steps);
            o.Present[i] = true;
            o.Values[i] = result;
        }

        // The window's samples are held while the series is evaluated (Prometheus counts them per step).
        _state.AddSamples(peak);
        _state.CurrentSamples -= peak;
        return o;
    }

    private VectorValue AbsentOverTime(RangeValue range, Expr arg)
    {
        var o = StepSeries.Create(AbsentLabels(arg), Steps);
        var any = false;
        for (var i = 0; i < Steps; i++)
        {
            _state.CheckAlive();
            var end = range.WindowEnds[i];
            var start = end - range.RangeMs;
            var found = false;
            foreach (var s in range.Series)
            {
                var idx = Array.BinarySearch(s.Timestamps, 0, s.Count, start);
                if (idx < 0)
                {
                    idx = ~idx;
                }

                if (idx < s.Count && s.Timestamps[idx] <= end)
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                o.Present[i] = true;
                o.Values[i] = 1;
                any = true;
            }
        }

        return new VectorValue(any ? [o] : []);
    }
}
