namespace Nines.Query.Engine;

internal sealed class StringValue(string value) : EvalValue
{
    public string Value { get; } = value;
}
