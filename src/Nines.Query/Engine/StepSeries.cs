using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;

namespace Nines.Query.Engine;

/// <summary>
/// One series of an instant-vector result over every evaluation step: a value and a presence flag
/// per step. Dense arrays let operators work step by step without per-step allocation and let
/// the label work (matching signatures, grouping) be done once per series instead of once per step.
/// </summary>
internal sealed class StepSeries(LabelSet labels, double[] values, bool[] present)
{
    public LabelSet Labels { get; set; } = labels;

    public double[] Values { get; } = values;

    public bool[] Present { get; } = present;

    /// <summary>
    /// Native-histogram samples per step, null while the series has none (the float-only case pays
    /// nothing). A step holding a histogram has Values[i] = 0, as Prometheus 2.42's Point{V: 0, H: h}:
    /// every float-only function then sees 0 for it, and drops the histogram, exactly as 2.42 does.
    /// </summary>
    public FloatHistogram?[]? Histograms { get; set; }

    /// <summary>For timestamp(): the sample's own timestamp per step when it differs from the step time.</summary>
    public long[]? SampleTimes { get; set; }

    public static StepSeries Create(LabelSet labels, int steps) => new(labels, new double[steps], new bool[steps]);

    /// <summary>The histogram at step <paramref name="i"/>, or null for a float sample.</summary>
    public FloatHistogram? HistogramAt(int i) => Histograms?[i];

    /// <summary>Stores a histogram sample at step <paramref name="i"/> (present, value 0).</summary>
    public void SetHistogram(int i, FloatHistogram h)
    {
        Histograms ??= new FloatHistogram?[Values.Length];
        Histograms[i] = h;
        Present[i] = true;
        Values[i] = 0;
    }

    /// <summary>Copies step <paramref name="i"/> of <paramref name="from"/> (value and histogram) into this series.</summary>
    public void CopyPoint(StepSeries from, int i)
    {
        Present[i] = true;
        Values[i] = from.Values[i];
        if (from.Histograms?[i] is { } h)
        {
            SetHistogram(i, h);
        }
    }

    public int CountPresent()
    {
        var n = 0;
        foreach (var p in Present)
        {
            if (p)
            {
                n++;
            }
        }

        return n;
    }
}
