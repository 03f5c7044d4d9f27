namespace Nines.Query.Functions;

/// <summary>
/// stddev/stdvar by (...): 2.42 engine.go parser.STDVAR/STDDEV: Welford's online update without
/// compensation (unlike stdvar_over_time); population variance = M2 / n.
/// </summary>
internal struct StdvarAccumulator
{
    private double _count;
    private double _mean;
    private double _m2;

    /// <summary>Adds one sample of the group.</summary>
    public void Add(double value)
    {
        if (_count == 0)
        {
            _count = 1;
            _mean = value;
            _m2 = 0;
            return;
        }

        _count++;
        double delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
    }

    /// <summary>Population variance; NaN before any sample.</summary>
    public readonly double Stdvar => _count == 0 ? double.NaN : _m2 / _count;

    /// <summary>Population standard deviation; NaN before any sample.</summary>
    public readonly double Stddev => Math.Sqrt(Stdvar);
}
