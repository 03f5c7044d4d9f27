using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Functions;
using Nines.Query.Functions.Histograms;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    private static bool HasHistograms(List<StepSeries> series)
    {
        foreach (var s in series)
        {
            if (s.Histograms is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// sum over input holding native histograms (2.42 aggregation): histograms add up at the
    /// coarsest schema and the result is compacted; a group mixing floats and histograms at a step
    /// yields nothing there; float-only groups sum as usual. Every other aggregation sees a
    /// histogram as the value 0, as 2.42 does, and takes the float path.
    /// </summary>
    private VectorValue SumWithHistograms(VectorValue vec, int[] groupOf, List<LabelSet> groupLabels)
    {
        var groups = groupLabels.Count;
        var outputs = new StepSeries?[groups];
        var sums = new SumAccumulator[groups];
        var histograms = new FloatHistogram?[groups];
        var floats = new bool[groups];
        for (var k = 0; k < Steps; k++)
        {
            _state.CheckAlive();
            Array.Clear(sums);
            Array.Clear(histograms);
            Array.Clear(floats);
            for (var i = 0; i < vec.Series.Count; i++)
            {
                var s = vec.Series[i];
                if (!s.Present[k])
                {
                    continue;
                }

                var g = groupOf[i];
                if (s.Histograms?[k] is { } h)
                {
                    histograms[g] = histograms[g] is { } acc ? HistogramMath.Combine(acc, h) : h;
                }
                else
                {
                    floats[g] = true;
                    sums[g].Add(s.Values[k]);
                }
            }

            for (var g = 0; g < groups; g++)
            {
                var h = histograms[g];
                if (h is not null && floats[g])
                {
                    continue;
                }

                if (h is null && !floats[g])
                {
                    continue;
                }

                var o = outputs[g] ??= StepSeries.Create(groupLabels[g], Steps);
                if (h is not null)
                {
                    o.SetHistogram(k, HistogramMath.Compact(h));
                }
                else
                {
                    o.Present[k] = true;
                    o.Values[k] = sums[g].Result;
                }
            }
        }

        var list = new List<StepSeries>(groups);
        foreach (var o in outputs)
        {
            if (o is not null)
            {
                list.Add(o);
            }
        }

        return new VectorValue(list);
    }
}
