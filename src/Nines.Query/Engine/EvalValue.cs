namespace Nines.Query.Engine;

/// <summary>What evaluating a node yields: a vector or scalar over all steps, a string, or raw range data.</summary>
internal abstract class EvalValue
{
}
