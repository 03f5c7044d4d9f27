using Nines.Metrics.Histograms;

namespace Nines.Query.Tests.Functions.Histograms;

/// <summary>Copy-and-change for the test cases.</summary>
internal static class FloatHistogramTestExtensions
{
    public static FloatHistogram With(this FloatHistogram h, Action<FloatHistogram> change)
    {
        var copy = h.Copy();
        change(copy);
        return copy;
    }
}
