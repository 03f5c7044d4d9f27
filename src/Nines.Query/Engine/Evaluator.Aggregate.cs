using Nines.Metrics.Labels;
using Nines.Query.Functions;
using Nines.Query.Parser;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    private EvalValue EvalAggregate(AggregateExpr a)
    {
        var param = a.Param is null ? null : Eval(a.Param);
        var vec = (VectorValue)Eval(a.Inner);
        switch (a.Op)
        {
            case TokenKind.Topk or TokenKind.Bottomk or TokenKind.Limitk or TokenKind.LimitRatio:
                return SelectingAggregate(a, vec, ((ScalarValue)param!).Values);
            case TokenKind.CountValues:
                return CountValues(a, vec, ((StringValue)param!).Value);
        }

        var groupOf = GroupSeries(a, vec.Series, out var groupLabels);
        var groups = groupLabels.Count;
        if (a.Op == TokenKind.Sum && HasHistograms(vec.Series))
        {
            return SumWithHistograms(vec, groupOf, groupLabels);
        }

        var outputs = new StepSeries?[groups];
        var sums = new SumAccumulator[groups];
        var avgs = new AvgAccumulator[groups];
        var mins = new MinAccumulator[groups];
        var maxs = new MaxAccumulator[groups];
        var vars = new StdvarAccumulator[groups];
        var counts = new int[groups];
        var quantileValues = a.Op == TokenKind.Quantile ? new List<double>[groups] : null;
        var phis = (param as ScalarValue)?.Values;
        for (var k = 0; k < Steps; k++)
        {
            _state.CheckAlive();
            Array.Clear(counts);
            switch (a.Op)
            {
                case TokenKind.Sum: Array.Clear(sums); break;
                case TokenKind.Avg: Array.Clear(avgs); break;
                case TokenKind.Min: Array.Clear(mins); break;
                case TokenKind.Max: Array.Clear(maxs); break;
                case TokenKind.Stddev or TokenKind.Stdvar: Array.Clear(vars); break;
                case TokenKind.Quantile:
                    for (var g = 0; g < groups; g++)
                    {
                        (quantileValues![g] ??= []).Clear();
                    }

                    break;
            }

            for (var i = 0; i < vec.Series.Count; i++)
            {
                var s = vec.Series[i];
                if (!s.Present[k])
                {
                    continue;
                }

                var g = groupOf[i];
                var v = s.Values[k];
                counts[g]++;
                switch (a.Op)
                {
                    case TokenKind.Sum: sums[g].Add(v); break;
                    case TokenKind.Avg: avgs[g].Add(v); break;
                    case TokenKind.Min: mins[g].Add(v); break;
                    case TokenKind.Max: maxs[g].Add(v); break;
                    case TokenKind.Stddev or TokenKind.Stdvar: vars[g].Add(v); break;
                    case TokenKind.Quantile: quantileValues![g].Add(v); break;
                }
            }

            for (var g = 0; g < groups; g++)
            {
                if (counts[g] == 0)
                {
                    continue;
                }

                var value = a.Op switch
                {
                    TokenKind.Sum => sums[g].Result,
                    TokenKind.Avg => avgs[g].Result,
                    TokenKind.Min => mins[g].Result,
                    TokenKind.Max => maxs[g].Result,
                    TokenKind.Count => counts[g],
                    TokenKind.Group => 1,
                    TokenKind.Stddev => vars[g].Stddev,
                    TokenKind.Stdvar => vars[g].Stdvar,
                    TokenKind.Quantile => Aggregations.Quantile(phis![k], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(quantileValues![g])),
                    _ => throw new QueryException(QueryErrorType.Execution, "unknown aggregation " + a.OpText),
                };
                var o = outputs[g] ??= StepSeries.Create(groupLabels[g], Steps);
                o.Present[k] = true;
                o.Values[k] = value;
            }
        }

        var list = new List<StepSeries>(groups);
        foreach (var o in outputs)
        {
            if (o is not null)
            {
                list.Add(o);
            }
        }

        return new VectorValue(list);
    }

    /// <summary>The group of each series (by: only the listed labels; without: all but those and __name__) and each group's labels.</summary>
    private static int[] GroupSeries(AggregateExpr a, List<StepSeries> series, out List<LabelSet> groupLabels)
    {
        var ids = new Dictionary<LabelSet, int>();
        groupLabels = [];
        var result = new int[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var key = GroupKey(series[i].Labels, a.Grouping, a.Without);
            if (!ids.TryGetValue(key, out var id))
            {
                id = ids.Count;
                ids[key] = id;
                groupLabels.Add(key);
            }

            result[i] = id;
        }

        return result;
    }

    private static LabelSet GroupKey(LabelSet labels, List<string> grouping, bool without)
    {
        var b = new LabelSetBuilder();
        foreach (var l in labels)
        {
            var listed = grouping.Contains(l.Name);
            if (without ? !listed && l.Name != LabelSet.MetricNameLabel : listed)
            {
                b.Add(l.Name, l.Value);
            }
        }

        return b.Build();
    }

    private VectorValue CountValues(AggregateExpr a, VectorValue vec, string valueLabel)
    {
        if (!LabelSetBuilder.IsValidLabelName(valueLabel))
        {
            throw new QueryException(QueryErrorType.Execution, "invalid label name " + GoQuote.Quote(valueLabel));
        }

        // engine.go: the value becomes a label first, then the series is grouped (by also keeps that label).
        var grouping = a.Without ? a.Grouping : [.. a.Grouping, valueLabel];
        var ids = new Dictionary<LabelSet, int>();
        var outputs = new List<StepSeries>();
        var counts = new List<int>();
        var touched = new List<int>();
        for (var k = 0; k < Steps; k++)
        {
            touched.Clear();
            foreach (var s in vec.Series)
            {
                if (!s.Present[k])
                {
                    continue;
                }

                var b = new LabelSetBuilder();
                foreach (var l in s.Labels)
                {
                    if (l.Name != valueLabel)
                    {
                        b.Add(l.Name, l.Value);
                    }
                }

                b.Add(valueLabel, Aggregations.CountValuesLabel(s.Values[k]));
                var key = GroupKey(b.Build(), grouping, a.Without);
                if (!ids.TryGetValue(key, out var id))
                {
                    id = outputs.Count;
                    ids[key] = id;
                    outputs.Add(StepSeries.Create(key, Steps));
                    counts.Add(0);
                }

                if (counts[id] == 0)
                {
                    touched.Add(id);
                }

                counts[id]++;
            }

            foreach (var id in touched)
            {
                outputs[id].Present[k] = true;
                outputs[id].Values[k] = counts[id];
                counts[id] = 0;
            }
        }

        return new VectorValue(outputs);
    }

    /// <summary>topk, bottomk (2.42's heap, so ties pick the same series), limitk and limit_ratio (3.x): the chosen input series, labels unchanged.</summary>
    private VectorValue SelectingAggregate(AggregateExpr a, VectorValue vec, double[] param)
    {
        var groupOf = GroupSeries(a, vec.Series, out var groupLabels);
        var groups = groupLabels.Count;
        var outputs = new StepSeries?[vec.Series.Count];
        var heaps = new List<int>[groups];
        for (var g = 0; g < groups; g++)
        {
            heaps[g] = [];
        }

        var rank = new int[vec.Series.Count];
        for (var k = 0; k < Steps; k++)
        {
            _state.CheckAlive();
            var p = param[k];
            long kk = 0;
            if (a.Op is TokenKind.Topk or TokenKind.Bottomk or TokenKind.Limitk)
            {
                if (!(p <= long.MaxValue && p >= long.MinValue))
                {
                    throw new QueryException(QueryErrorType.Execution, "Scalar value " + Parser.GoFloat.Format(p) + " overflows int64");
                }

                kk = (long)p;
                if (kk < 1)
                {
                    continue;
                }
            }

            foreach (var h in heaps)
            {
                h.Clear();
            }

            for (var i = 0; i < vec.Series.Count; i++)
            {
                var s = vec.Series[i];
                if (!s.Present[k])
                {
                    continue;
                }

                var g = groupOf[i];
                var heap = heaps[g];
                switch (a.Op)
                {
                    case TokenKind.Topk or TokenKind.Bottomk:
                    {
                        var top = a.Op == TokenKind.Topk;
                        var v = s.Values[k];
                        if (heap.Count < kk)
                        {
                            heap.Add(i);
                            HeapUp(vec.Series, heap, heap.Count - 1, k, top);
                        }
                        else
                        {
                            var h0 = vec.Series[heap[0]].Values[k];
                            var better = top ? h0 < v : h0 > v;
                            // 2.42 takes a NaN root out for any value, NaN too.
                            if (better || double.IsNaN(h0))
                            {
                                if (kk == 1)
                                {
                                    heap[0] = i;
                                }
                                else
                                {
                                    // heap.Pop then heap.Push, as 2.42 does: with NaN's inconsistent
                                    // order that keeps other series than replacing the root and fixing.
                                    var last = heap.Count - 1;
                                    (heap[0], heap[last]) = (heap[last], heap[0]);
                                    HeapDown(vec.Series, heap, 0, k, top, last);
                                    heap[last] = i;
                                    HeapUp(vec.Series, heap, last, k, top);
                                }
                            }
                        }

                        break;
                    }

                    case TokenKind.Limitk:
                        if (heap.Count < kk)
                        {
                            heap.Add(i);
                        }

                        break;
                    default:
                        var ratio = Math.Clamp(p, -1, 1);
                        var offset = s.Labels.Hash / (double)ulong.MaxValue;
                        if ((ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio))
                        {
                            heap.Add(i);
                        }

                        break;
                }
            }

            for (var g = 0; g < groups; g++)
            {
                var heap = heaps[g];
                if (a.Op is TokenKind.Topk or TokenKind.Bottomk)
                {
                    // Output order of an instant query: best first, NaN last (sort.Reverse of the heap order).
                    var top = a.Op == TokenKind.Topk;
                    heap.Sort((x, y) => HeapLess(vec.Series, y, x, k, top) ? -1 : HeapLess(vec.Series, x, y, k, top) ? 1 : 0);
                }

                for (var r = 0; r < heap.Count; r++)
                {
                    var i = heap[r];
                    var o = outputs[i] ??= StepSeries.Create(vec.Series[i].Labels, Steps);
                    o.Present[k] = true;
                    o.Values[k] = vec.Series[i].Values[k];
                    rank[i] = r;
                }
            }
        }

        var list = new List<StepSeries>();
        var order = new List<(int Group, int Rank, int Index)>();
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is not null)
            {
                order.Add((groupOf[i], rank[i], i));
            }
        }

        order.Sort();
        foreach (var (_, _, i) in order)
        {
            list.Add(outputs[i]!);
        }

        return new VectorValue(list);
    }

    // vectorByValueHeap / vectorByReverseValueHeap Less: NaN sorts first, so it is the first evicted.
    private static bool HeapLess(List<StepSeries> series, int x, int y, int k, bool top)
    {
        var a = series[x].Values[k];
        var b = series[y].Values[k];
        if (double.IsNaN(a))
        {
            return true;
        }

        return top ? a < b : a > b;
    }

    // container/heap's up and down, so equal values are kept or evicted exactly as in Go.
    private static void HeapUp(List<StepSeries> series, List<int> h, int j, int k, bool top)
    {
        while (true)
        {
            var i = (j - 1) / 2;
            if (i == j || !HeapLess(series, h[j], h[i], k, top))
            {
                break;
            }

            (h[i], h[j]) = (h[j], h[i]);
            j = i;
        }
    }

    private static bool HeapDown(List<StepSeries> series, List<int> h, int i0, int k, bool top, int n)
    {
        var i = i0;
        while (true)
        {
            var j1 = (2 * i) + 1;
            if (j1 >= n || j1 < 0)
            {
                break;
            }

            var j = j1;
            var j2 = j1 + 1;
            if (j2 < n && HeapLess(series, h[j2], h[j1], k, top))
            {
                j = j2;
            }

            if (!HeapLess(series, h[j], h[i], k, top))
            {
                break;
            }

            (h[i], h[j]) = (h[j], h[i]);
            i = j;
        }

        return i > i0;
    }
}
