namespace Nines.Query.Engine;

internal sealed class VectorValue(List<StepSeries> series) : EvalValue
{
    public List<StepSeries> Series { get; } = series;
}
