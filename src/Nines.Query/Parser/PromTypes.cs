namespace Nines.Query.Parser;

/// <summary>Names of value types as Prometheus prints them.</summary>
internal static class PromTypes
{
    /// <summary>The documented name used in type errors (parser.DocumentedType).</summary>
    public static string Documented(PromType t) => t switch
    {
        PromType.Vector => "instant vector",
        PromType.Matrix => "range vector",
        PromType.Scalar => "scalar",
        PromType.String => "string",
        _ => "none",
    };

    /// <summary>The API name (ValueType string): matrix, vector, scalar, string.</summary>
    public static string Name(PromType t) => t switch
    {
        PromType.Vector => "vector",
        PromType.Matrix => "matrix",
        PromType.Scalar => "scalar",
        PromType.String => "string",
        _ => "none",
    };
}
