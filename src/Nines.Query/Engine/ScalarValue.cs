namespace Nines.Query.Engine;

/// <summary>A scalar per step.</summary>
internal sealed class ScalarValue(double[] values) : EvalValue
{
    public double[] Values { get; } = values;
}
