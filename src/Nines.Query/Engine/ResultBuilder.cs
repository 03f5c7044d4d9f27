using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

/// <summary>Turns evaluated values into API results as execEvalStmt does (engine.go).</summary>
internal static class ResultBuilder
{
    public static QueryValue Instant(EvalValue value, long time)
    {
        switch (value)
        {
            case ScalarValue s:
                return new ScalarResult(time, s.Values[0]);
            case StringValue s:
                return new StringResult(time, s.Value);
            case VectorValue v:
            {
                var samples = new List<VectorSample>(v.Series.Count);
                foreach (var s in v.Series)
                {
                    if (s.Present[0])
                    {
                        samples.Add(new VectorSample(s.Labels, time, s.Values[0]) { Histogram = s.HistogramAt(0) });
                    }
                }

                return new VectorResult(samples);
            }

            case RangeValue r:
            {
                var end = r.WindowEnds[0];
                var start = end - r.RangeMs;
                var series = new List<RangeSeries>(r.Series.Count);
                foreach (var s in r.Series)
                {
                    var lo = 0;
                    while (lo < s.Count && s.Timestamps[lo] < start)
                    {
                        lo++;
                    }

                    var hi = lo;
                    while (hi < s.Count && s.Timestamps[hi] <= end)
                    {
                        hi++;
                    }

                    if (hi > lo)
                    {
                        series.Add(new RangeSeries(s.Labels, s.Timestamps[lo..hi], s.Values[lo..hi]) { Histograms = s.Histograms?[lo..hi] });
                    }
                }

                series.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
                return new MatrixResult(series);
            }

            default:
                throw new QueryException(QueryErrorType.Execution, "unexpected result type");
        }
    }

    public static QueryValue Range(EvalValue value, long[] times)
    {
        switch (value)
        {
            case ScalarValue s:
                return new MatrixResult([new RangeSeries(LabelSet.Empty, (long[])times.Clone(), (double[])s.Values.Clone())]);
            case VectorValue v:
            {
                var series = new List<RangeSeries>(v.Series.Count);
                foreach (var s in v.Series)
                {
                    var n = s.CountPresent();
                    if (n == 0)
                    {
                        continue;
                    }

                    var t = new long[n];
                    var vals = new double[n];
                    var hs = s.Histograms is null ? null : new FloatHistogram?[n];
                    var k = 0;
                    for (var i = 0; i < times.Length; i++)
                    {
                        if (s.Present[i])
                        {
                            t[k] = times[i];
                            vals[k] = s.Values[i];
                            if (hs is not null)
                            {
                                hs[k] = s.Histograms![i];
                            }

                            k++;
                        }
                    }

                    series.Add(new RangeSeries(s.Labels, t, vals) { Histograms = hs });
                }

                series.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
                return new MatrixResult(series);
            }

            default:
                var type = value is RangeValue ? PromType.Matrix : PromType.String;
                throw new QueryException(QueryErrorType.BadData, $"invalid expression type {GoQuote.Quote(PromTypes.Documented(type))} for range query, must be Scalar or instant Vector");
        }
    }
}
