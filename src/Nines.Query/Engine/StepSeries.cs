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

    /// <summary>For timestamp(): the sample's own timestamp per step when it differs from the step time.</summary>
    public long[]? SampleTimes { get; set; }

    public static StepSeries Create(LabelSet labels, int steps) => new(labels, new double[steps], new bool[steps]);

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
