namespace Nines.Query.Functions;

/// <summary>
/// sum by (...): a plain running sum, as Prometheus 2.42's aggregation does (engine.go, parser.SUM:
/// group.value += s.V). 2.42 does not compensate here, unlike sum_over_time; 3.x uses Kahan summation.
/// </summary>
internal struct SumAccumulator
{
    private double _sum;

    /// <summary>Adds one sample of the group.</summary>
    public void Add(double value) => _sum += value;

    /// <summary>The sum so far (0 before any sample).</summary>
    public readonly double Result => _sum;
}
