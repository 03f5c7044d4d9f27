namespace Nines.Query.Parser;

/// <summary>PromQL value types (promql/parser/value.go).</summary>
internal enum PromType
{
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}
