namespace Nines.Query.Parser;

/// <summary>
/// Signatures of the PromQL functions the parser knows (promql/parser/functions.go, Prometheus
/// 2.42 plus sort_by_label(_desc) and double_exponential_smoothing, holt_winters' 3.x name, from 3.x). Whether the engine implements one is the engine's
/// registry's business; an unimplemented one is still parsed and type-checked.
/// </summary>
internal static class FunctionTable
{
    private const PromType S = PromType.Scalar;
    private const PromType V = PromType.Vector;
    private const PromType M = PromType.Matrix;
    private const PromType Str = PromType.String;

    private static readonly Dictionary<string, FunctionInfo> All = Build();

    public static bool TryGet(string name, out FunctionInfo info) => All.TryGetValue(name, out info!);

    private static Dictionary<string, FunctionInfo> Build()
    {
        var d = new Dictionary<string, FunctionInfo>(StringComparer.Ordinal);
        void Add(string name, PromType ret, int variadic, params PromType[] args) => d[name] = new FunctionInfo(name, args, variadic, ret);

        foreach (var name in new[]
        {
            "abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sqrt", "sgn", "deg", "rad",
            "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
            "sort", "sort_desc", "timestamp", "absent", "histogram_count", "histogram_sum",
        })
        {
            Add(name, V, 0, V);
        }

        foreach (var name in new[]
        {
            "avg_over_time", "count_over_time", "last_over_time", "max_over_time", "min_over_time",
            "present_over_time", "stddev_over_time", "stdvar_over_time", "sum_over_time", "absent_over_time",
            "changes", "delta", "deriv", "idelta", "increase", "irate", "rate", "resets",
        })
        {
            Add(name, V, 0, M);
        }

        foreach (var name in new[] { "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year" })
        {
            Add(name, V, 1, V);
        }

        Add("clamp", V, 0, V, S, S);
        Add("clamp_max", V, 0, V, S);
        Add("clamp_min", V, 0, V, S);
        Add("histogram_fraction", V, 0, S, S, V);
        Add("histogram_quantile", V, 0, S, V);
        Add("holt_winters", V, 0, M, S, S);
        Add("double_exponential_smoothing", V, 0, M, S, S);
        Add("label_replace", V, 0, V, Str, Str, Str, Str);
        Add("label_join", V, -1, V, Str, Str, Str);
        Add("pi", S, 0);
        Add("predict_linear", V, 0, M, S);
        Add("quantile_over_time", V, 0, S, M);
        Add("round", V, 1, V, S);
        Add("scalar", S, 0, V);
        Add("time", S, 0);
        Add("vector", V, 0, S);
        Add("sort_by_label", V, -1, V, Str);
        Add("sort_by_label_desc", V, -1, V, Str);
        return d;
    }
}
