using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    // The time a selector or subquery is evaluated at for step i: @ pins it, offset moves it back.
    private long RefTime(AtModifier at, long atMs, long offsetMs, int i) => at switch
    {
        AtModifier.Timestamp => atMs,
        AtModifier.Start => _state.QueryStart,
        AtModifier.End => _state.QueryEnd,
        _ => _ts[i],
    } - offsetMs;

    private long[] RefTimes(AtModifier at, long atMs, long offsetMs)
    {
        var refs = new long[Steps];
        for (var i = 0; i < refs.Length; i++)
        {
            refs[i] = RefTime(at, atMs, offsetMs, i);
        }

        return refs;
    }

    /// <summary>
    /// Instant selector: at each step the newest sample in [ref - lookback, ref] (both ends closed
    /// in 2.x; 3.x opens the start), unless that sample is a staleness marker.
    /// </summary>
    private VectorValue EvalVectorSelector(VectorSelector vs, bool keepSampleTimes = false)
    {
        var refs = RefTimes(vs.At, vs.AtMs, vs.OffsetMs);
        var output = new List<StepSeries>();
        if (refs.Length == 0)
        {
            return new VectorValue(output);
        }

        var lookback = (long)_state.Options.LookbackDelta.TotalMilliseconds;
        var mint = refs[0] - lookback;
        var maxt = refs[^1];
        var hints = new SelectHints { StepMs = _interval, LookbackMs = lookback };
        var selected = _state.Source.Select(vs.Matchers, mint, maxt, hints);
        _state.AddInfo(hints.Info);
        _state.AddSeries(selected.Count);
        var buffer = new SampleBuffer();
        foreach (var series in selected)
        {
            _state.CheckAlive();
            buffer.Load(series, keepStale: true);
            _state.SamplesTouched += buffer.Count;
            var t = buffer.Timestamps;
            var v = buffer.Values;
            var h = buffer.HasHistograms ? buffer.Histograms : null;
            var n = buffer.Count;
            StepSeries? result = null;
            var idx = -1;
            for (var i = 0; i < refs.Length; i++)
            {
                var r = refs[i];
                while (idx + 1 < n && t[idx + 1] <= r)
                {
                    idx++;
                }

                if (idx < 0 || t[idx] < r - lookback || IsStaleNaN(v[idx]))
                {
                    continue;
                }

                result ??= StepSeries.Create(series.Labels, Steps);
                result.Present[i] = true;
                result.Values[i] = v[idx];
                if (h?[idx] is { } histogram)
                {
                    result.SetHistogram(i, histogram);
                }

                if (keepSampleTimes)
                {
                    result.SampleTimes ??= new long[Steps];
                    result.SampleTimes[i] = t[idx];
                }
            }

            if (result is not null)
            {
                _state.AddSamples(result.CountPresent());
                output.Add(result);
            }
        }

        return new VectorValue(output);
    }

    /// <param name="function">The range function the samples feed, if any (a hint for downsampled data).</param>
    private RangeValue EvalMatrixSelector(MatrixSelector ms)
    {
        var vs = ms.Selector;
        var ends = RefTimes(vs.At, vs.AtMs, vs.OffsetMs);
        var output = new List<RawSeries>();
        if (ends.Length == 0)
        {
            return new RangeValue(output, ends, ms.RangeMs);
        }

        var hints = new SelectHints { RangeMs = ms.RangeMs, StepMs = _interval };
        var selected = _state.Source.Select(vs.Matchers, ends[0] - ms.RangeMs, ends[^1], hints);
        _state.AddInfo(hints.Info);
        _state.AddSeries(selected.Count);
        var buffer = new SampleBuffer();
        foreach (var series in selected)
        {
            if (!LoadRangeSeries(buffer, series))
            {
                continue;
            }

            output.Add(new RawSeries(series.Labels, buffer.Timestamps[..buffer.Count], buffer.Values[..buffer.Count], buffer.Count)
            {
                Histograms = buffer.HasHistograms ? buffer.Histograms[..buffer.Count] : null,
            });
        }

        return new RangeValue(output, ends, ms.RangeMs);
    }

    /// <summary>Loads one selected series' samples for a range selector (stale markers dropped) into <paramref name="buffer"/>; false when it has none.</summary>
    private bool LoadRangeSeries(SampleBuffer buffer, Nines.Metrics.Head.SelectedSeries series)
    {
        _state.CheckAlive();
        buffer.Load(series, keepStale: false);
        _state.SamplesTouched += buffer.Count;
        return buffer.Count != 0;
    }

    /// <summary>
    /// A subquery: the inner expression evaluated by its own evaluator at steps aligned to multiples
    /// of the subquery step (engine.go: the first step at or after start - offset - range), then
    /// used as a range vector with the subquery's range, offset and @.
    /// </summary>
    private RangeValue EvalSubquery(SubqueryExpr sq)
    {
        var ends = RefTimes(sq.At, sq.AtMs, sq.OffsetMs);
        var output = new List<RawSeries>();
        if (ends.Length == 0)
        {
            return new RangeValue(output, ends, sq.RangeMs);
        }

        var interval = sq.StepMs != 0 ? sq.StepMs : (long)_state.Options.DefaultEvaluationInterval.TotalMilliseconds;
        var from = ends[0] - sq.RangeMs;

        // Go's integer division truncates toward zero, as C#'s does.
        var newStart = interval * (from / interval);
        if (newStart < from)
        {
            newStart += interval;
        }

        var child = new Evaluator(_state, newStart, ends[^1], interval);
        var inner = (VectorValue)child.Eval(sq.Inner);
        var times = child.StepTimes;
        foreach (var s in inner.Series)
        {
            var n = s.CountPresent();
            var t = new long[n];
            var v = new double[n];
            var h = s.Histograms is null ? null : new FloatHistogram?[n];
            var k = 0;
            for (var i = 0; i < times.Length; i++)
            {
                if (s.Present[i])
                {
                    t[k] = times[i];
                    v[k] = s.Values[i];
                    if (h is not null)
                    {
                        h[k] = s.Histograms![i];
                    }

                    k++;
                }
            }

            output.Add(new RawSeries(s.Labels, t, v, n) { Histograms = h });
        }

        output.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return new RangeValue(output, ends, sq.RangeMs);
    }

    /// <summary>Reusable growable arrays for one series' samples.</summary>
    private sealed class SampleBuffer
    {
        public long[] Timestamps { get; private set; } = new long[256];

        public double[] Values { get; private set; } = new double[256];

        /// <summary>Histogram samples by index; only meaningful while <see cref="HasHistograms"/>.</summary>
        public FloatHistogram?[] Histograms { get; private set; } = [];

        public int Count { get; private set; }

        /// <summary>Whether the loaded series has at least one histogram sample.</summary>
        public bool HasHistograms { get; private set; }

        public void Load(Nines.Metrics.Head.SelectedSeries series, bool keepStale)
        {
            Count = 0;
            if (HasHistograms)
            {
                Array.Clear(Histograms);
                HasHistograms = false;
            }

            var it = series.GetIterator();
            while (it.MoveNext())
            {
                FloatHistogram? h = null;
                double v;
                if (it.IsHistogram)
                {
                    // A histogram is a Point with V = 0 (2.42); its staleness marker is a stale NaN sum.
                    h = it.Histogram!;
                    v = IsStaleNaN(h.Sum) ? h.Sum : 0;
                    if (v != 0)
                    {
                        h = null;
                    }
                    else if (h.CounterResetHint is CounterResetHint.Gauge or CounterResetHint.NotCounterReset)
                    {
                        // 2.42's TSDB hands queries no gauge or not-a-reset hints (checked against
                        // 2.42: a gauge histogram's drops still count as resets in rate), so resets
                        // are found by comparing samples. The iterator's object is ours to change.
                        h.CounterResetHint = CounterResetHint.Unknown;
                    }
                }
                else
                {
                    v = it.Value;
                }

                if (!keepStale && IsStaleNaN(v))
                {
                    continue;
                }

                if (Count == Timestamps.Length)
                {
                    var t2 = new long[Count * 2];
                    var v2 = new double[Count * 2];
                    Array.Copy(Timestamps, t2, Count);
                    Array.Copy(Values, v2, Count);
                    Timestamps = t2;
                    Values = v2;
                }

                if (h is not null)
                {
                    if (Histograms.Length < Timestamps.Length)
                    {
                        var h2 = new FloatHistogram?[Timestamps.Length];
                        Array.Copy(Histograms, h2, Histograms.Length);
                        Histograms = h2;
                    }

                    HasHistograms = true;
                    Histograms[Count] = h;
                }

                Timestamps[Count] = it.Timestamp;
                Values[Count] = v;
                Count++;
            }
        }
    }

    /// <summary>Labels as Prometheus' labels.String() prints them: <c>{__name__="a", b="c"}</c>.</summary>
    internal static string LabelsString(LabelSet labels)
    {
        var sb = new System.Text.StringBuilder("{");
        var first = true;
        foreach (var l in labels)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(l.Name).Append('=').Append(GoQuote.Quote(l.Value));
        }

        return sb.Append('}').ToString();
    }
}
