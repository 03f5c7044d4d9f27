using Nines.Metrics.Labels;
using Nines.Query.Functions;
using Nines.Query.Functions.Histograms;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// histogram_count, histogram_sum and histogram_fraction (2.42): a value per native-histogram
    /// sample under the name-less labels; float samples yield nothing.
    /// </summary>
    private VectorValue NativeHistogramFunction(Call c)
    {
        var name = c.Func.Name;
        double[]? lower = null, upper = null;
        if (name == "histogram_fraction")
        {
            lower = ((ScalarValue)Eval(c.Args[0])).Values;
            upper = ((ScalarValue)Eval(c.Args[1])).Values;
        }

        var vec = (VectorValue)Eval(c.Args[^1]);
        var output = new List<StepSeries>();
        foreach (var s in vec.Series)
        {
            if (s.Histograms is null)
            {
                continue;
            }

            StepSeries? o = null;
            for (var k = 0; k < Steps; k++)
            {
                if (s.Histograms[k] is not { } h)
                {
                    continue;
                }

                o ??= StepSeries.Create(DropMetricName(s.Labels), Steps);
                o.Present[k] = true;
                o.Values[k] = name switch
                {
                    "histogram_count" => h.Count,
                    "histogram_sum" => h.Sum,
                    _ => HistogramMath.Fraction(lower![k], upper![k], h),
                };
            }

            if (o is not null)
            {
                output.Add(o);
            }
        }

        return Dedupe(output);
    }

    /// <summary>
    /// The native half of histogram_quantile at step <paramref name="k"/>: a quantile per histogram
    /// sample, unless classic buckets with the same labels (but le) are present at that step, in which
    /// case 2.42 answers neither.
    /// </summary>
    private void NativeQuantiles(double q, VectorValue vec, int k, Dictionary<LabelSet, int> groups, List<Bucket>[] buckets, StepSeries?[] native)
    {
        for (var i = 0; i < vec.Series.Count; i++)
        {
            var s = vec.Series[i];
            if (s.HistogramAt(k) is not { } h)
            {
                continue;
            }

            var b = new LabelSetBuilder();
            foreach (var l in s.Labels)
            {
                if (l.Name != "le")
                {
                    b.Add(l.Name, l.Value);
                }
            }

            if (groups.TryGetValue(b.Build(), out var g) && buckets[g].Count > 0)
            {
                buckets[g].Clear();
                continue;
            }

            var o = native[i] ??= StepSeries.Create(DropMetricName(s.Labels), Steps);
            o.Present[k] = true;
            o.Values[k] = HistogramMath.Quantile(q, h);
        }
    }
}
