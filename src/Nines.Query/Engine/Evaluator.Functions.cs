using Nines.Metrics.Index;
using Nines.Metrics.Labels;
using Nines.Query.Functions;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    private EvalValue EvalCall(Call c)
    {
        var name = c.Func.Name;
        for (var i = 0; i < c.Func.ArgTypes.Length; i++)
        {
            if (c.Func.ArgTypes[i] == PromType.Matrix)
            {
                return EvalRangeFunction(c, i);
            }
        }

        switch (name)
        {
            case "time":
            {
                var values = new double[Steps];
                for (var i = 0; i < Steps; i++)
                {
                    values[i] = _ts[i] / 1000.0;
                }

                return new ScalarValue(values);
            }

            case "pi":
                return Scalar(Math.PI);
            case "vector":
            {
                var s = (ScalarValue)Eval(c.Args[0]);
                var o = StepSeries.Create(LabelSet.Empty, Steps);
                Array.Copy(s.Values, o.Values, Steps);
                Array.Fill(o.Present, true);
                return new VectorValue([o]);
            }

            case "scalar":
                return EvalScalarFunction((VectorValue)Eval(c.Args[0]));
            case "absent":
                return Absent((VectorValue)Eval(c.Args[0]), c.Args[0]);
            case "timestamp":
                return Timestamp(c.Args[0]);
            case "label_replace":
                return LabelReplace(c);
            case "label_join":
                return LabelJoin(c);
            case "sort" or "sort_desc" or "sort_by_label" or "sort_by_label_desc":
                return Sort(c);
            case "histogram_quantile":
                return HistogramQuantile((ScalarValue)Eval(c.Args[0]), (VectorValue)Eval(c.Args[1]));
            case "histogram_count" or "histogram_sum" or "histogram_fraction":
                return NativeHistogramFunction(c);
            case "days_in_month" or "day_of_month" or "day_of_week" or "day_of_year" or "hour" or "minute" or "month" or "year":
                return TimeFunction(c);
            case "round" or "clamp" or "clamp_min" or "clamp_max":
                return ParameterizedMath(c);
        }

        var fn = MathFunction(name) ?? throw new QueryException(QueryErrorType.Execution, $"function {GoQuote.Quote(name)} is not implemented yet");
        var vec = (VectorValue)Eval(c.Args[0]);
        return MapValues(vec, (v, _) => fn(v), dropName: true);
    }

    private static Func<double, double>? MathFunction(string name) => name switch
    {
        "abs" => MathFunctions.Abs,
        "ceil" => MathFunctions.Ceil,
        "floor" => MathFunctions.Floor,
        "exp" => MathFunctions.Exp,
        "ln" => MathFunctions.Ln,
        "log2" => MathFunctions.Log2,
        "log10" => MathFunctions.Log10,
        "sqrt" => MathFunctions.Sqrt,
        "sgn" => MathFunctions.Sgn,
        "deg" => MathFunctions.Deg,
        "rad" => MathFunctions.Rad,
        "sin" => MathFunctions.Sin,
        "cos" => MathFunctions.Cos,
        "tan" => MathFunctions.Tan,
        "asin" => MathFunctions.Asin,
        "acos" => MathFunctions.Acos,
        "atan" => MathFunctions.Atan,
        "sinh" => MathFunctions.Sinh,
        "cosh" => MathFunctions.Cosh,
        "tanh" => MathFunctions.Tanh,
        "asinh" => MathFunctions.Asinh,
        "acosh" => MathFunctions.Acosh,
        "atanh" => MathFunctions.Atanh,
        _ => null,
    };

    /// <summary>Applies f(value, step) to every present sample; returning NaN-free "absent" is expressed by <paramref name="keep"/>.</summary>
    private VectorValue MapValues(VectorValue vec, Func<double, int, double> f, bool dropName, Func<int, bool>? keep = null)
    {
        var output = new List<StepSeries>(vec.Series.Count);
        foreach (var s in vec.Series)
        {
            StepSeries? o = null;
            for (var i = 0; i < Steps; i++)
            {
                if (!s.Present[i] || (keep is not null && !keep(i)))
                {
                    continue;
                }

                o ??= StepSeries.Create(dropName ? DropMetricName(s.Labels) : s.Labels, Steps);
                o.Present[i] = true;
                o.Values[i] = f(s.Values[i], i);
            }

            if (o is not null)
            {
                output.Add(o);
            }
        }

        return dropName ? Dedupe(output) : new VectorValue(output);
    }

    private VectorValue ParameterizedMath(Call c)
    {
        var vec = (VectorValue)Eval(c.Args[0]);
        var p1 = c.Args.Count > 1 ? ((ScalarValue)Eval(c.Args[1])).Values : null;
        var p2 = c.Args.Count > 2 ? ((ScalarValue)Eval(c.Args[2])).Values : null;
        return c.Func.Name switch
        {
            "round" => MapValues(vec, (v, i) => MathFunctions.Round(v, p1 is null ? 1 : p1[i]), dropName: true),
            "clamp_min" => MapValues(vec, (v, i) => MathFunctions.ClampMin(v, p1![i]), dropName: true),
            "clamp_max" => MapValues(vec, (v, i) => MathFunctions.ClampMax(v, p1![i]), dropName: true),

            // clamp with max < min returns an empty vector for that step.
            _ => MapValues(vec, (v, i) => MathFunctions.Clamp(v, p1![i], p2![i], out var r) ? r : double.NaN, dropName: true, keep: i => !(p2![i] < p1![i])),
        };
    }

    private VectorValue TimeFunction(Call c)
    {
        VectorValue vec;
        if (c.Args.Count == 0)
        {
            // Without an argument the functions apply to vector(time()).
            var o = StepSeries.Create(LabelSet.Empty, Steps);
            for (var i = 0; i < Steps; i++)
            {
                o.Present[i] = true;
                o.Values[i] = _ts[i] / 1000.0;
            }

            vec = new VectorValue([o]);
        }
        else
        {
            vec = (VectorValue)Eval(c.Args[0]);
        }

        Func<double, double> f = c.Func.Name switch
        {
            "days_in_month" => TimeFunctions.DaysInMonth,
            "day_of_month" => TimeFunctions.DayOfMonth,
            "day_of_week" => TimeFunctions.DayOfWeek,
            "day_of_year" => TimeFunctions.DayOfYear,
            "hour" => TimeFunctions.Hour,
            "minute" => TimeFunctions.Minute,
            "month" => TimeFunctions.Month,
            _ => TimeFunctions.Year,
        };
        return MapValues(vec, (v, _) => f(v), dropName: true);
    }

    private ScalarValue EvalScalarFunction(VectorValue vec)
    {
        var values = new double[Steps];
        for (var i = 0; i < Steps; i++)
        {
            var count = 0;
            var value = double.NaN;
            foreach (var s in vec.Series)
            {
                if (s.Present[i])
                {
                    count++;
                    value = s.Values[i];
                }
            }

            values[i] = count == 1 ? value : double.NaN;
        }

        return new ScalarValue(values);
    }

    /// <summary>createLabelsForAbsentFunction: labels of the equality matchers, except __name__ and names matched twice or otherwise.</summary>
    private static LabelSet AbsentLabels(Expr arg)
    {
        while (arg is ParenExpr p)
        {
            arg = p.Inner;
        }

        List<Matcher>? matchers = arg switch
        {
            VectorSelector vs => vs.Matchers,
            MatrixSelector ms => ms.Selector.Matchers,
            _ => null,
        };
        if (matchers is null)
        {
            return LabelSet.Empty;
        }

        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in matchers)
        {
            if (m.Name == LabelSet.MetricNameLabel)
            {
                continue;
            }

            if (m.Type == MatcherType.Equal && !set.ContainsKey(m.Name))
            {
                set[m.Name] = m.Value;
            }
            else
            {
                removed.Add(m.Name);
            }
        }

        var b = new LabelSetBuilder();
        foreach (var kv in set)
        {
            if (!removed.Contains(kv.Key))
            {
                b.Add(kv.Key, kv.Value);
            }
        }

        return b.Build();
    }

    private VectorValue Absent(VectorValue vec, Expr arg)
    {
        var o = StepSeries.Create(AbsentLabels(arg), Steps);
        var any = false;
        for (var i = 0; i < Steps; i++)
        {
            var present = false;
            foreach (var s in vec.Series)
            {
                if (s.Present[i])
                {
                    present = true;
                    break;
                }
            }

            if (!present)
            {
                o.Present[i] = true;
                o.Values[i] = 1;
                any = true;
            }
        }

        return new VectorValue(any ? [o] : []);
    }

    private VectorValue Timestamp(Expr arg)
    {
        var inner = arg;
        while (inner is ParenExpr p)
        {
            inner = p.Inner;
        }

        // A selector's own sample time; any other expression is evaluated at the step time (engine.go special case).
        var vec = inner is VectorSelector vs ? EvalVectorSelector(vs, keepSampleTimes: true) : (VectorValue)Eval(arg);
        var output = new List<StepSeries>(vec.Series.Count);
        foreach (var s in vec.Series)
        {
            var o = StepSeries.Create(DropMetricName(s.Labels), Steps);
            for (var i = 0; i < Steps; i++)
            {
                if (s.Present[i])
                {
                    o.Present[i] = true;
                    o.Values[i] = (s.SampleTimes?[i] ?? _ts[i]) / 1000.0;
                }
            }

            output.Add(o);
        }

        return Dedupe(output);
    }

    private VectorValue Sort(Call c)
    {
        var vec = (VectorValue)Eval(c.Args[0]);
        if (Steps != 1)
        {
            // Sorting only shows in an instant query's vector; a range result is sorted by labels.
            return vec;
        }

        var list = new List<StepSeries>(vec.Series);
        switch (c.Func.Name)
        {
            case "sort":
                list.Sort(static (a, b) => CompareForSort(a.Values[0], b.Values[0]));
                break;
            case "sort_desc":
                list.Sort(static (a, b) => CompareForSort(b.Values[0], a.Values[0]));
                break;
            default:
                var names = new List<string>();
                for (var i = 1; i < c.Args.Count; i++)
                {
                    names.Add(((StringValue)Eval(c.Args[i])).Value);
                }

                var desc = c.Func.Name == "sort_by_label_desc";
                list.Sort((a, b) =>
                {
                    var r = CompareByLabels(a.Labels, b.Labels, names);
                    return desc ? -r : r;
                });
                break;
        }

        return new VectorValue(list);
    }

    // vectorByValueHeap order: NaN first, then ascending.
    private static int CompareForSort(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return double.IsNaN(b) ? 0 : -1;
        }

        if (double.IsNaN(b))
        {
            return 1;
        }

        return a.CompareTo(b);
    }

    private static int CompareByLabels(LabelSet a, LabelSet b, List<string> names)
    {
        foreach (var name in names)
        {
            var r = NaturalCompare(a.Get(name), b.Get(name));
            if (r != 0)
            {
                return r;
            }
        }

        return a.CompareTo(b);
    }

    // Natural order as Prometheus 3.x's sort_by_label: digit runs compare as numbers.
    private static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var si = i;
                var sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var na = a.AsSpan(si, i - si).TrimStart('0');
                var nb = b.AsSpan(sj, j - sj).TrimStart('0');
                if (na.Length != nb.Length)
                {
                    return na.Length.CompareTo(nb.Length);
                }

                var c = na.SequenceCompareTo(nb);
                if (c != 0)
                {
                    return c;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private VectorValue HistogramQuantile(ScalarValue q, VectorValue vec)
    {
        // Buckets group by all labels but le; the result drops le and __name__.
        var groups = new Dictionary<LabelSet, int>();
        var groupOutLabels = new List<LabelSet>();
        var groupOf = new int[vec.Series.Count];
        var bounds = new double[vec.Series.Count];
        for (var i = 0; i < vec.Series.Count; i++)
        {
            var labels = vec.Series[i].Labels;
            if (!HistogramFunctions.TryParseUpperBound(labels.Get("le"), out bounds[i]))
            {
                groupOf[i] = -1;
                continue;
            }

            var b = new LabelSetBuilder();
            foreach (var l in labels)
            {
                if (l.Name != "le")
                {
                    b.Add(l.Name, l.Value);
                }
            }

            var key = b.Build();
            if (!groups.TryGetValue(key, out var g))
            {
                g = groups.Count;
                groups[key] = g;
                groupOutLabels.Add(DropMetricName(key));
            }

            groupOf[i] = g;
        }

        var buckets = new List<Bucket>[groups.Count];
        var outputs = new StepSeries?[groups.Count];
        var native = HasHistograms(vec.Series) ? new StepSeries?[vec.Series.Count] : null;
        for (var k = 0; k < Steps; k++)
        {
            for (var g = 0; g < buckets.Length; g++)
            {
                (buckets[g] ??= []).Clear();
            }

            for (var i = 0; i < vec.Series.Count; i++)
            {
                if (groupOf[i] >= 0 && vec.Series[i].Present[k] && vec.Series[i].HistogramAt(k) is null)
                {
                    buckets[groupOf[i]].Add(new Bucket(bounds[i], vec.Series[i].Values[k]));
                }
            }

            if (native is not null)
            {
                NativeQuantiles(q.Values[k], vec, k, groups, buckets, native);
            }

            for (var g = 0; g < buckets.Length; g++)
            {
                if (buckets[g].Count == 0)
                {
                    continue;
                }

                var o = outputs[g] ??= StepSeries.Create(groupOutLabels[g], Steps);
                o.Present[k] = true;
                o.Values[k] = HistogramFunctions.BucketQuantile(q.Values[k], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets[g]));
            }
        }

        // 2.42 appends the native histograms' quantiles before the classic ones.
        var list = new List<StepSeries>();
        foreach (var o in native ?? [])
        {
            if (o is not null)
            {
                list.Add(o);
            }
        }

        foreach (var o in outputs)
        {
            if (o is not null)
            {
                list.Add(o);
            }
        }

        return Dedupe(list);
    }
}
