using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Functions;
using Nines.Query.Functions.Histograms;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    private EvalValue EvalBinary(BinaryExpr b)
    {
        var lhs = Eval(b.Lhs);
        var rhs = Eval(b.Rhs);
        switch (lhs, rhs)
        {
            case (ScalarValue l, ScalarValue r):
            {
                var values = new double[Steps];
                for (var i = 0; i < Steps; i++)
                {
                    var v = ElemBinop(b.Op, l.Values[i], r.Values[i], out var keep);

                    // scalarBinop: a comparison of scalars yields 1 or 0 (the parser demands bool).
                    values[i] = b.IsComparison ? (keep ? 1 : 0) : v;
                }

                return new ScalarValue(values);
            }

            case (VectorValue l, ScalarValue r):
                return VectorScalar(b, l, r, swap: false);
            case (ScalarValue l, VectorValue r):
                return VectorScalar(b, r, l, swap: true);
            default:
                var lv = (VectorValue)lhs;
                var rv = (VectorValue)rhs;
                return b.Op switch
                {
                    TokenKind.And => SetAndUnless(b, lv, rv, and: true),
                    TokenKind.Unless => SetAndUnless(b, lv, rv, and: false),
                    TokenKind.Or => SetOr(b, lv, rv),
                    _ => VectorVector(b, lv, rv),
                };
        }
    }

    /// <summary>vectorElemBinop (engine.go): the value and, for comparisons, whether the sample is kept.</summary>
    private static double ElemBinop(TokenKind op, double l, double r, out bool keep)
    {
        keep = true;
        switch (op)
        {
            case TokenKind.Add: return l + r;
            case TokenKind.Sub: return l - r;
            case TokenKind.Mul: return l * r;
            case TokenKind.Div: return l / r;
            case TokenKind.Pow: return ArithmeticOperators.Pow(l, r);
            case TokenKind.Mod: return ArithmeticOperators.Mod(l, r);
            case TokenKind.Atan2: return ArithmeticOperators.Atan2(l, r);
            case TokenKind.EqlC: keep = l == r; return l;
            case TokenKind.Neq: keep = l != r; return l;
            case TokenKind.Gtr: keep = l > r; return l;
            case TokenKind.Lss: keep = l < r; return l;
            case TokenKind.Gte: keep = l >= r; return l;
            case TokenKind.Lte: keep = l <= r; return l;
            default:
                throw new QueryException(QueryErrorType.Execution, "operator not allowed for vector operations");
        }
    }

    // Arithmetic drops the metric name; comparisons keep it unless bool (engine.go shouldDropMetricName).
    private static bool ShouldDropMetricName(TokenKind op) =>
        op is TokenKind.Add or TokenKind.Sub or TokenKind.Mul or TokenKind.Div or TokenKind.Pow or TokenKind.Mod;

    private VectorValue VectorScalar(BinaryExpr b, VectorValue vec, ScalarValue scalar, bool swap)
    {
        var output = new List<StepSeries>(vec.Series.Count);
        var drop = ShouldDropMetricName(b.Op) || b.ReturnBool;
        foreach (var s in vec.Series)
        {
            StepSeries? o = null;
            for (var i = 0; i < Steps; i++)
            {
                if (!s.Present[i])
                {
                    continue;
                }

                double lv = s.Values[i], rv = scalar.Values[i];
                if (swap)
                {
                    (lv, rv) = (rv, lv);
                }

                var value = ElemBinop(b.Op, lv, rv, out var keep);

                // A scalar on the left of a comparison still yields the vector's value.
                if (b.IsComparison && swap)
                {
                    value = rv;
                }

                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                }
                else if (!keep)
                {
                    continue;
                }

                o ??= StepSeries.Create(drop ? DropMetricName(s.Labels) : s.Labels, Steps);
                o.Present[i] = true;
                o.Values[i] = value;

                // 2.42 computes on Point.V (0 for a histogram) and passes the histogram through unchanged.
                if (s.Histograms?[i] is { } histogram)
                {
                    o.SetHistogram(i, histogram);
                }
            }

            if (o is not null)
            {
                output.Add(o);
            }
        }

        return drop ? Dedupe(output) : new VectorValue(output);
    }

    /// <summary>The labels two series are matched on: only the on() labels, or all but the ignoring() labels and __name__.</summary>
    private static LabelSet Signature(LabelSet labels, VectorMatching? vm)
    {
        var on = vm?.On ?? false;
        var names = vm?.MatchingLabels ?? [];
        var b = new LabelSetBuilder();
        foreach (var l in labels)
        {
            var listed = names.Contains(l.Name);
            if (on ? listed : !listed && l.Name != LabelSet.MetricNameLabel)
            {
                b.Add(l.Name, l.Value);
            }
        }

        return b.Build();
    }

    private static int[] SignatureIds(List<StepSeries> series, VectorMatching? vm, Dictionary<LabelSet, int> ids, bool add)
    {
        var result = new int[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var sig = Signature(series[i].Labels, vm);
            if (!ids.TryGetValue(sig, out var id))
            {
                if (add)
                {
                    id = ids.Count;
                    ids[sig] = id;
                }
                else
                {
                    id = -1;
                }
            }

            result[i] = id;
        }

        return result;
    }

    private VectorValue SetAndUnless(BinaryExpr b, VectorValue lhs, VectorValue rhs, bool and)
    {
        var ids = new Dictionary<LabelSet, int>();
        var rsig = SignatureIds(rhs.Series, b.Matching, ids, add: true);
        var lsig = SignatureIds(lhs.Series, b.Matching, ids, add: false);
        var seenAt = new int[ids.Count];
        Array.Fill(seenAt, -1);
        var outputs = new StepSeries?[lhs.Series.Count];
        for (var k = 0; k < Steps; k++)
        {
            for (var j = 0; j < rhs.Series.Count; j++)
            {
                if (rhs.Series[j].Present[k])
                {
                    seenAt[rsig[j]] = k;
                }
            }

            for (var i = 0; i < lhs.Series.Count; i++)
            {
                var s = lhs.Series[i];
                if (!s.Present[k])
                {
                    continue;
                }

                var matched = lsig[i] >= 0 && seenAt[lsig[i]] == k;
                if (matched != and)
                {
                    continue;
                }

                var o = outputs[i] ??= StepSeries.Create(s.Labels, Steps);
                o.CopyPoint(s, k);
            }
        }

        var list = new List<StepSeries>();
        foreach (var o in outputs)
        {
            if (o is not null)
            {
                list.Add(o);
            }
        }

        return new VectorValue(list);
    }

    private VectorValue SetOr(BinaryExpr b, VectorValue lhs, VectorValue rhs)
    {
        var ids = new Dictionary<LabelSet, int>();
        var lsig = SignatureIds(lhs.Series, b.Matching, ids, add: true);
        var rsig = SignatureIds(rhs.Series, b.Matching, ids, add: false);
        var seenAt = new int[ids.Count];
        Array.Fill(seenAt, -1);
        var list = new List<StepSeries>(lhs.Series.Count + rhs.Series.Count);
        list.AddRange(lhs.Series);
        var outputs = new StepSeries?[rhs.Series.Count];
        for (var k = 0; k < Steps; k++)
        {
            for (var i = 0; i < lhs.Series.Count; i++)
            {
                if (lhs.Series[i].Present[k])
                {
                    seenAt[lsig[i]] = k;
                }
            }

            for (var j = 0; j < rhs.Series.Count; j++)
            {
                var s = rhs.Series[j];
                if (!s.Present[k] || (rsig[j] >= 0 && seenAt[rsig[j]] == k))
                {
                    continue;
                }

                var o = outputs[j] ??= StepSeries.Create(s.Labels, Steps);
                o.CopyPoint(s, k);
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

    /// <summary>One-to-one and many-to-one/one-to-many matching (VectorBinop in engine.go) with its errors.</summary>
    private VectorValue VectorVector(BinaryExpr b, VectorValue lhsValue, VectorValue rhsValue)
    {
        var vm = b.Matching ?? new VectorMatching { Card = VectorMatchCardinality.OneToOne };
        var oneToMany = vm.Card == VectorMatchCardinality.OneToMany;

        // For one-to-many, swap sides so that the right side is always the "one" side.
        var many = oneToMany ? rhsValue.Series : lhsValue.Series;
        var one = oneToMany ? lhsValue.Series : rhsValue.Series;
        var ids = new Dictionary<LabelSet, int>();
        var oneSig = SignatureIds(one, vm, ids, add: true);
        var manySig = SignatureIds(many, vm, ids, add: false);
        var sigKeys = new LabelSet[ids.Count];
        foreach (var kv in ids)
        {
            sigKeys[kv.Value] = kv.Key;
        }

        var oneAt = new int[ids.Count];
        var oneAtStep = new int[ids.Count];
        var matchedAtStep = new int[ids.Count];
        Array.Fill(oneAtStep, -1);
        Array.Fill(matchedAtStep, -1);

        var pairs = new Dictionary<long, int>();
        var byLabels = new Dictionary<LabelSet, int>();
        var outputs = new List<StepSeries>();
        var writtenAt = new List<int>();
        var writtenBySig = new List<int>();
        var drop = ShouldDropMetricName(b.Op);
        for (var k = 0; k < Steps; k++)
        {
            if ((k & 255) == 0)
            {
                _state.CheckAlive();
            }

            for (var j = 0; j < one.Count; j++)
            {
                if (!one[j].Present[k])
                {
                    continue;
                }

                var sig = oneSig[j];
                if (oneAtStep[sig] == k)
                {
                    var side = oneToMany ? "left" : "right";
                    throw new QueryException(
                        QueryErrorType.Execution,
                        $"found duplicate series for the match group {LabelsString(sigKeys[sig])} on the {side} hand-side of the operation: " +
                        $"[{LabelsString(one[j].Labels)}, {LabelsString(one[oneAt[sig]].Labels)}];many-to-many matching not allowed: matching labels must be unique on one side");
                }

                oneAtStep[sig] = k;
                oneAt[sig] = j;
            }

            for (var i = 0; i < many.Count; i++)
            {
                var ls = many[i];
                var sig = manySig[i];
                if (!ls.Present[k] || sig < 0 || oneAtStep[sig] != k)
                {
                    continue;
                }

                var j = oneAt[sig];
                var rs = one[j];
                FloatHistogram? sum = null;
                if (ls.Histograms is not null || rs.Histograms is not null)
                {
                    // 2.42: a histogram against a float yields nothing (not even with bool); two
                    // histograms add up, and any other operator works on their values, 0 and 0.
                    var hl = ls.Histograms?[k];
                    var hr = rs.Histograms?[k];
                    if ((hl is null) != (hr is null))
                    {
                        continue;
                    }

                    if (hl is not null && b.Op == TokenKind.Add)
                    {
                        sum = HistogramMath.Combine(hl, hr!);
                    }
                }

                double vl = ls.Values[k], vr = rs.Values[k];
                if (oneToMany)
                {
                    (vl, vr) = (vr, vl);
                }

                var value = ElemBinop(b.Op, vl, vr, out var keep);
                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                }
                else if (!keep)
                {
                    continue;
                }

                if (vm.Card == VectorMatchCardinality.OneToOne)
                {
                    if (matchedAtStep[sig] == k)
                    {
                        throw new QueryException(QueryErrorType.Execution, "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }

                    matchedAtStep[sig] = k;
                }

                var pairKey = ((long)i << 32) | (uint)j;
                if (!pairs.TryGetValue(pairKey, out var outIndex))
                {
                    var metric = ResultMetric(ls.Labels, rs.Labels, vm, drop);
                    if (b.ReturnBool)
                    {
                        metric = DropMetricName(metric);
                    }

                    if (!byLabels.TryGetValue(metric, out outIndex))
                    {
                        outIndex = outputs.Count;
                        byLabels[metric] = outIndex;
                        outputs.Add(StepSeries.Create(metric, Steps));
                        writtenAt.Add(-1);
                        writtenBySig.Add(-1);
                    }

                    pairs[pairKey] = outIndex;
                }

                if (writtenAt[outIndex] == k)
                {
                    throw new QueryException(
                        QueryErrorType.Execution,
                        writtenBySig[outIndex] == sig && vm.Card != VectorMatchCardinality.OneToOne
                            ? "multiple matches for labels: grouping labels must ensure unique matches"
                            : "vector cannot contain metrics with the same labelset");
                }

                writtenAt[outIndex] = k;
                writtenBySig[outIndex] = sig;
                var o = outputs[outIndex];
                o.Present[k] = true;
                o.Values[k] = value;
                if (sum is not null)
                {
                    o.SetHistogram(k, sum);
                }
            }
        }

        return new VectorValue(outputs);
    }

    /// <summary>resultMetric (engine.go): the many side's labels, reduced for one-to-one matching, plus group_x labels from the one side.</summary>
    private static LabelSet ResultMetric(LabelSet many, LabelSet one, VectorMatching vm, bool dropName)
    {
        var b = new LabelSetBuilder();
        foreach (var l in many)
        {
            if (dropName && l.Name == LabelSet.MetricNameLabel)
            {
                continue;
            }

            if (vm.Card == VectorMatchCardinality.OneToOne)
            {
                var listed = vm.MatchingLabels.Contains(l.Name);
                if (vm.On ? !listed : listed)
                {
                    continue;
                }
            }

            if (vm.Include.Contains(l.Name))
            {
                continue;
            }

            b.Add(l.Name, l.Value);
        }

        foreach (var name in vm.Include)
        {
            var v = one.Get(name);
            if (v.Length != 0)
            {
                b.Add(name, v);
            }
        }

        return b.Build();
    }
}
