namespace Nines.Query.Functions;

/// <summary>
/// avg by (...): Prometheus 2.42's incremental mean (engine.go, parser.AVG): the first sample is the
/// mean, each later one moves it by v/n - mean/n (dividing each side first avoids overflow), and an
/// infinite mean stays put when a finite value or an infinity of the same sign arrives, since
/// Inf - Inf would turn it into NaN. No compensation. Prometheus 3.x sums directly (Kahan) and switches
/// to the incremental mean only on overflow, so last bits can differ from 3.x.
/// </summary>
internal struct AvgAccumulator
{
    private double _mean;
    private double _count;

    /// <summary>Adds one sample of the group.</summary>
    public void Add(double value)
    {
        if (_count == 0)
        {
            _count = 1;
            _mean = value;
            return;
        }

        _count++;
        if (double.IsInfinity(_mean))
        {
            if (double.IsInfinity(value) && (_mean > 0) == (value > 0))
            {
                return;
            }

            if (double.IsFinite(value))
            {
                return;
            }
        }

        _mean += (value / _count) - (_mean / _count);
    }

    /// <summary>The number of samples added.</summary>
    public readonly double Count => _count;

    /// <summary>The mean; NaN before any sample.</summary>
    public readonly double Result => _count == 0 ? double.NaN : _mean;
}
