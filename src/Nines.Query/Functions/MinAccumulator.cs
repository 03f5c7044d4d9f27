namespace Nines.Query.Functions;

/// <summary>
/// min by (...): 2.42 engine.go parser.MIN: a NaN so far is replaced by any later value, so the result
/// is NaN only when every sample is NaN.
/// </summary>
internal struct MinAccumulator
{
    private double _value;
    private bool _any;

    /// <summary>Adds one sample of the group.</summary>
    public void Add(double value)
    {
        if (!_any)
        {
            _any = true;
            _value = value;
            return;
        }

        if (_value > value || double.IsNaN(_value))
        {
            _value = value;
        }
    }

    /// <summary>The minimum; NaN before any sample.</summary>
    public readonly double Result => _any ? _value : double.NaN;
}
