using Nines.Metrics.Labels;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

/// <summary>
/// Evaluates an expression at every step of [start, end] at once, as Prometheus' evaluator does
/// (promql/engine.go, 2.42): each selected series' samples are loaded once into arrays and every
/// step is computed from them. A subquery gets its own evaluator with its own steps.
/// </summary>
internal sealed partial class Evaluator
{
    private const long StaleNaNBits = 0x7ff0000000000002;

    private readonly QueryState _state;
    private readonly long _start;
    private readonly long _end;
    private readonly long _interval;
    private readonly long[] _ts;

    public Evaluator(QueryState state, long start, long end, long interval)
    {
        _state = state;
        _start = start;
        _end = end;
        _interval = interval;
        var steps = end < start ? 0 : interval <= 0 ? 1 : (int)(((end - start) / interval) + 1);
        _ts = new long[steps];
        for (var i = 0; i < steps; i++)
        {
            _ts[i] = start + (i * interval);
        }
    }

    public int Steps => _ts.Length;

    public long[] StepTimes => _ts;

    public static bool IsStaleNaN(double v) => BitConverter.DoubleToInt64Bits(v) == StaleNaNBits;

    /// <summary>
    /// Evaluates a node. As in Prometheus' rangeEval, the samples a node's inputs held are released
    /// once it is done and only its output stays counted against MaxSamples.
    /// </summary>
    public EvalValue Eval(Expr expr)
    {
        _state.CheckAlive(force: true);
        var before = _state.CurrentSamples;
        var value = EvalNode(expr);
        if (value is VectorValue vec)
        {
            _state.CurrentSamples = before;
            _state.AddSamples(PresentCount(vec.Series));
        }

        return value;
    }

    private EvalValue EvalNode(Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                return Scalar(n.Value);
            case StringLiteral s:
                return new StringValue(s.Value);
            case ParenExpr p:
                return Eval(p.Inner);
            case UnaryExpr u:
                return EvalUnary(u);
            case VectorSelector vs:
                return EvalVectorSelector(vs);
            case MatrixSelector ms:
                return EvalMatrixSelector(ms);
            case SubqueryExpr sq:
                return EvalSubquery(sq);
            case Call c:
                return EvalCall(c);
            case AggregateExpr a:
                return EvalAggregate(a);
            case BinaryExpr b:
                return EvalBinary(b);
            default:
                throw new QueryException(QueryErrorType.Execution, "unhandled expression of type: " + expr.GetType().Name);
        }
    }

    private ScalarValue Scalar(double v)
    {
        var values = new double[Steps];
        Array.Fill(values, v);
        return new ScalarValue(values);
    }

    private EvalValue EvalUnary(UnaryExpr u)
    {
        var inner = Eval(u.Inner);
        if (u.Op != TokenKind.Sub)
        {
            return inner;
        }

        if (inner is ScalarValue s)
        {
            var values = new double[Steps];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = -s.Values[i];
            }

            return new ScalarValue(values);
        }

        var vec = (VectorValue)inner;
        var output = new List<StepSeries>(vec.Series.Count);
        foreach (var series in vec.Series)
        {
            var neg = StepSeries.Create(DropMetricName(series.Labels), Steps);
            for (var i = 0; i < Steps; i++)
            {
                neg.Present[i] = series.Present[i];
                neg.Values[i] = -series.Values[i];
            }

            // 2.42 negates Point.V only: a histogram passes through unchanged (under the dropped name).
            if (series.Histograms is not null)
            {
                neg.Histograms = (Nines.Metrics.Histograms.FloatHistogram?[])series.Histograms.Clone();
            }

            output.Add(neg);
        }

        return Dedupe(output);
    }

    internal static LabelSet DropMetricName(LabelSet labels)
    {
        if (!labels.Has(LabelSet.MetricNameLabel))
        {
            return labels;
        }

        var b = new LabelSetBuilder();
        foreach (var l in labels)
        {
            if (l.Name != LabelSet.MetricNameLabel)
            {
                b.Add(l.Name, l.Value);
            }
        }

        return b.Build();
    }

    /// <summary>
    /// Merges series that ended up with the same labels (after dropping __name__, label_replace, …);
    /// two of them at the same step is Prometheus' "vector cannot contain metrics with the same labelset".
    /// </summary>
    private VectorValue Dedupe(List<StepSeries> series)
    {
        var index = new Dictionary<LabelSet, int>(series.Count);
        var output = new List<StepSeries>(series.Count);
        foreach (var s in series)
        {
            if (!index.TryGetValue(s.Labels, out var at))
            {
                index[s.Labels] = output.Count;
                output.Add(s);
                continue;
            }

            var target = output[at];
            for (var i = 0; i < Steps; i++)
            {
                if (!s.Present[i])
                {
                    continue;
                }

                if (target.Present[i])
                {
                    throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
                }

                target.CopyPoint(s, i);
            }
        }

        return new VectorValue(output);
    }

    private long PresentCount(List<StepSeries> series)
    {
        long n = 0;
        foreach (var s in series)
        {
            n += s.CountPresent();
        }

        return n;
    }
}
