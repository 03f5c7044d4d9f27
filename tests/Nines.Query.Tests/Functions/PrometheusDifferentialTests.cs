using System.Globalization;
using System.Text;
using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

/// <summary>
/// Differential test against the real Prometheus 2.42 (promtool): generated series and expressions
/// are evaluated by promtool, and the kernels must give the same floats, bit for bit where Prometheus
/// is deterministic. Range windows are closed, [t - range, t], as in 2.42 (3.x leaves the start open).
/// </summary>
public class PrometheusDifferentialTests
{
    private const int IntervalSeconds = 15;
    private const int Slots = 40;

    // Go's math package computes exp, sin, cos, tan and atan with its own (Cephes-derived) code and
    // .NET with the C library's: they agree to within an ulp or two, not always in the last bit, and so
    // do the functions Go builds from them (sinh, cosh, tanh, asin, acos). Everything else is exact.
    private const double Transcendental = 1e-15;

    private static readonly (string Name, Func<double[], double> Kernel)[] OverTimeKernels =
    [
        ("avg_over_time", v => RangeFunctions.AvgOverTime(v)),
        ("sum_over_time", v => RangeFunctions.SumOverTime(v)),
        ("min_over_time", v => RangeFunctions.MinOverTime(v)),
        ("max_over_time", v => RangeFunctions.MaxOverTime(v)),
        ("count_over_time", v => RangeFunctions.CountOverTime(v)),
        ("last_over_time", v => RangeFunctions.LastOverTime(v)),
        ("stddev_over_time", v => RangeFunctions.StddevOverTime(v)),
        ("stdvar_over_time", v => RangeFunctions.StdvarOverTime(v)),
        ("present_over_time", v => RangeFunctions.PresentOverTime(v)),
        ("changes", v => RangeFunctions.Changes(v)),
        ("resets", v => RangeFunctions.Resets(v)),
    ];

    private static readonly (string Name, Func<double, double> Kernel, double Tolerance)[] MathKernels =
    [
        ("abs", MathFunctions.Abs, 0),
        ("ceil", MathFunctions.Ceil, 0),
        ("floor", MathFunctions.Floor, 0),
        ("sqrt", MathFunctions.Sqrt, 0),
        ("sgn", MathFunctions.Sgn, 0),
        ("deg", MathFunctions.Deg, 0),
        ("rad", MathFunctions.Rad, 0),
        ("exp", MathFunctions.Exp, Transcendental),
        ("ln", MathFunctions.Ln, Transcendental),
        ("log2", MathFunctions.Log2, Transcendental),
        ("log10", MathFunctions.Log10, Transcendental),
        ("sin", MathFunctions.Sin, Transcendental),
        ("cos", MathFunctions.Cos, Transcendental),
        ("tan", MathFunctions.Tan, Transcendental),
        ("asin", MathFunctions.Asin, Transcendental),
        ("acos", MathFunctions.Acos, Transcendental),
        ("atan", MathFunctions.Atan, Transcendental),
        ("sinh", MathFunctions.Sinh, Transcendental),
        ("cosh", MathFunctions.Cosh, Transcendental),
        ("tanh", MathFunctions.Tanh, Transcendental),
        ("asinh", MathFunctions.Asinh, Transcendental),
        ("acosh", MathFunctions.Acosh, Transcendental),
        ("atanh", MathFunctions.Atanh, Transcendental),
        ("round", v => MathFunctions.Round(v), 0),
        ("year", TimeFunctions.Year, 0),
        ("month", TimeFunctions.Month, 0),
        ("day_of_month", TimeFunctions.DayOfMonth, 0),
        ("day_of_year", TimeFunctions.DayOfYear, 0),
        ("day_of_week", TimeFunctions.DayOfWeek, 0),
        ("days_in_month", TimeFunctions.DaysInMonth, 0),
        ("hour", TimeFunctions.Hour, 0),
        ("minute", TimeFunctions.Minute, 0),
    ];

    [PromtoolFact]
    public void Kernels_GeneratedInputs_MatchPrometheus242()
    {
        var series = new List<DiffSeries>();
        var cases = new List<DiffCase>();
        AddRangeCases(series, cases, new Random(20260425));
        AddAggregationCases(series, cases, new Random(7));
        AddHistogramCases(series, cases);
        AddScalarCases(cases, new Random(11));

        var got = Promtool.Evaluate(BuildTestFile(series, cases), TimeSpan.FromSeconds(60));

        var failures = new List<string>();
        foreach (DiffCase c in cases)
        {
            got.TryGetValue(c.Key, out List<string>? actual);
            actual ??= [];
            if (!Matches(c, actual))
            {
                failures.Add($"{c.Family}: {c.Key} prometheus=[{string.Join(", ", actual)}] nines=[{string.Join(", ", c.Candidates.Take(3).Select(Promtool.Literal))}]");
            }
        }

        Assert.True(cases.Count > 1000, $"only {cases.Count} cases generated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} differ:\n" + string.Join("\n", failures.Take(200)));
    }

    private static bool Matches(DiffCase c, List<string> actual)
    {
        if (c.Error is not null)
        {
            return actual.Count == 1 && actual[0] == "err: " + c.Error;
        }

        if (actual.Any(a => a.StartsWith("err:", StringComparison.Ordinal)))
        {
            return false;
        }

        if (c.Multiset is not null)
        {
            double[] got = [.. actual.Select(ValueOf).Order()];
            double[] want = [.. c.Multiset.Order()];
            return got.Length == want.Length && got.Zip(want).All(p => SameFloat(p.First, p.Second));
        }

        if (c.Candidates.Count == 0 || actual.Count == 0)
        {
            return c.Candidates.Count == 0 && actual.Count == 0;
        }

        if (actual.Count != 1)
        {
            return false;
        }

        if (c.Labels is not null && !actual[0].StartsWith(c.Labels + " ", StringComparison.Ordinal))
        {
            return false;
        }

        double a = ValueOf(actual[0]);
        foreach (double e in c.Candidates)
        {
            if (SameFloat(a, e))
            {
                return true;
            }

            if (c.RelativeTolerance > 0 && double.IsFinite(a) && double.IsFinite(e) &&
                Math.Abs(a - e) <= c.RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(e)))
            {
                return true;
            }
        }

        return false;
    }

    private static double ValueOf(string sample) => Promtool.ParseValue(sample[(sample.LastIndexOf(' ') + 1)..]);

    private static bool SameFloat(double a, double b) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    private static void AddRangeCases(List<DiffSeries> series, List<DiffCase> cases, Random rnd)
    {
        (long Range, long Eval)[] windows = [(60, 300), (150, 457), (300, 600), (300, 300), (150, 600), (600, 600), (60, 590), (45, 200), (60, 60)];

        // Hand-picked shapes first: the counter's zero point under the 1.1 × interval threshold (where 2.42
        // and 3.x differ), NaN and infinite counters, negative counters, a reset to 0, constants.
        string[] shapes =
        [
            "_ _ 6 16 26 36",
            "1 2 NaN 4 5 Inf 7 3",
            "Inf Inf Inf Inf Inf",
            "-5 -3 -1 2 4 1",
            "10 20 0 5 15 _ _ 25",
            "_ _ _ 5",
            "3 3 3 3 3 4 4",
            "NaN NaN NaN 1",
            "0 0 0 0 1e300 1e300 -1e300",
        ];
        var all = new List<DiffSeries>();
        for (int k = 0; k < shapes.Length; k++)
        {
            all.Add(FromNotation($"x{k}", shapes[k]));
        }

        for (int k = 0; k < 24; k++)
        {
            all.Add(MakeRangeSeries($"r{k}", k % 8, rnd));
        }

        // Invalid holt_winters factors fail the query with Prometheus's message (for any series shape).
        foreach ((double sf, double tf) in new[] { (1.0, 0.5), (0.0, 0.5), (0.5, 1.0), (0.5, -0.25), (1.5, 2.0), (-1e-9, 0.5) })
        {
            string? error = RangeFunctions.HoltWintersArgumentError(sf, tf);
            Assert.NotNull(error);
            cases.Add(new("holt_winters", $"holt_winters(x0[60s], {Promtool.Literal(sf)}, {Promtool.Literal(tf)})", 60, []) { Error = error });
        }

        foreach (DiffSeries s in all)
        {
            series.Add(s);
            foreach ((long range, long eval) in windows)
            {
                string sel = $"{s.Selector}[{range}s]";
                long startMs = (eval - range) * 1000, endMs = eval * 1000;
                (long[] t, double[] v) = Window(s, startMs, endMs);
                bool any = v.Length > 0;
                double r = 0;

                cases.Add(Opt("rate", $"rate({sel})", eval, any && RangeFunctions.Extrapolated(t, v, startMs, endMs, true, true, out r), r));
                cases.Add(Opt("increase", $"increase({sel})", eval, any && RangeFunctions.Extrapolated(t, v, startMs, endMs, true, false, out r), r));
                cases.Add(Opt("delta", $"delta({sel})", eval, any && RangeFunctions.Extrapolated(t, v, startMs, endMs, false, false, out r), r));
                cases.Add(Opt("irate", $"irate({sel})", eval, RangeFunctions.Irate(t, v, out r), r));
                cases.Add(Opt("idelta", $"idelta({sel})", eval, RangeFunctions.Idelta(t, v, out r), r));
                cases.Add(Opt("deriv", $"deriv({sel})", eval, RangeFunctions.Deriv(t, v, out r), r));
                cases.Add(Opt("predict_linear", $"predict_linear({sel}, 600)", eval, RangeFunctions.PredictLinear(t, v, endMs, 600, out r), r));
                cases.Add(Opt("holt_winters", $"holt_winters({sel}, 0.3, 0.6)", eval, RangeFunctions.HoltWinters(v, 0.3, 0.6, out r), r));
                cases.Add(Opt("holt_winters", $"holt_winters({sel}, 0.9, 0.1)", eval, RangeFunctions.HoltWinters(v, 0.9, 0.1, out r), r));
                foreach ((string name, Func<double[], double> kernel) in OverTimeKernels)
                {
                    cases.Add(Opt(name, $"{name}({sel})", eval, any, any ? kernel(v) : 0));
                }

                foreach (double phi in new[] { 0, 0.3, 0.5, 0.95, 1 })
                {
                    string p = Promtool.Literal(phi);
                    cases.Add(Opt("quantile_over_time", $"quantile_over_time({p}, {sel})", eval, any, any ? RangeFunctions.QuantileOverTime(phi, (double[])v.Clone()) : 0));
                }
            }
        }
    }

    private static DiffSeries MakeRangeSeries(string name, int kind, Random rnd)
    {
        var times = new List<long>();
        var values = new List<double>();
        var notation = new StringBuilder();
        double counter = kind == 4 ? 1e15 : rnd.NextDouble() * 10;
        for (int slot = 0; slot < Slots; slot++)
        {
            // Kind 5 is sampled at every slot; the others miss about one sample in five.
            bool present = kind == 5 || rnd.NextDouble() < 0.8;
            double v = kind switch
            {
                0 or 4 => counter += rnd.NextDouble() < 0.08 ? -counter + (rnd.NextDouble() * 5) : rnd.NextDouble() * 50,
                1 => (rnd.NextDouble() * 2000) - 1000,
                2 => rnd.NextDouble() < 0.12 ? Special(rnd) : (rnd.NextDouble() * 200) - 100,
                3 => 42.5,
                5 => counter += rnd.NextDouble() < 0.1 ? -counter : 10,
                6 => Math.Round(rnd.NextDouble() * 4), // few distinct values: changes and resets
                _ => rnd.NextDouble() * 1e-3,
            };
            if (notation.Length > 0)
            {
                notation.Append(' ');
            }

            if (!present)
            {
                notation.Append('_');
                continue;
            }

            notation.Append(Promtool.Literal(v));
            times.Add(slot * IntervalSeconds * 1000L);
            values.Add(v);
        }

        return new DiffSeries(name, [.. times], [.. values], notation.ToString());
    }

    private static DiffSeries FromNotation(string name, string notation)
    {
        var times = new List<long>();
        var values = new List<double>();
        string[] parts = notation.Split(' ');
        for (int slot = 0; slot < parts.Length; slot++)
        {
            if (parts[slot] != "_")
            {
                times.Add(slot * IntervalSeconds * 1000L);
                values.Add(parts[slot] switch
                {
                    "Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    "NaN" => double.NaN,
                    _ => double.Parse(parts[slot], CultureInfo.InvariantCulture),
                });
            }
        }

        return new DiffSeries(name, [.. times], [.. values], notation);
    }

    private static double Special(Random rnd) => rnd.Next(7) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => 1e300,
        4 => -1e300,
        5 => 0,
        _ => 1e-300,
    };

    private static (long[] T, double[] V) Window(DiffSeries s, long startMs, long endMs)
    {
        var t = new List<long>();
        var v = new List<double>();
        for (int i = 0; i < s.TimesMs.Length; i++)
        {
            if (s.TimesMs[i] >= startMs && s.TimesMs[i] <= endMs)
            {
                t.Add(s.TimesMs[i]);
                v.Add(s.Values[i]);
            }
        }

        return ([.. t], [.. v]);
    }

    private static DiffCase Opt(string family, string expr, long eval, bool has, double value) =>
        new(family, expr, eval, has ? [value] : []);

    private static void AddAggregationCases(List<DiffSeries> series, List<DiffCase> cases, Random rnd)
    {
        // Prometheus 2.42 feeds an aggregation its series in head-series order, which promtool creates
        // in Go map order: random per run. Small groups are checked bit-exactly against every order;
        // larger ones with a relative tolerance.
        int[] sizes = [1, 2, 3, 4, 5, 3, 4, 9, 12];
        for (int g = 0; g < sizes.Length; g++)
        {
            int size = sizes[g];
            var members = new double[size][];
            for (int i = 0; i < size; i++)
            {
                members[i] = new double[Slots];
                var notation = new StringBuilder();
                for (int slot = 0; slot < Slots; slot++)
                {
                    double v = g switch
                    {
                        5 => rnd.NextDouble() < 0.25 ? Special(rnd) : (rnd.NextDouble() * 200) - 100,
                        6 => 1e16 + (rnd.Next(8) * (rnd.Next(2) == 0 ? 1 : 1e16)) - (rnd.Next(2) * 2e16),
                        7 or 8 => 100 + (rnd.NextDouble() * 50),
                        _ => (rnd.NextDouble() * 2000) - 1000,
                    };
                    members[i][slot] = v;
                    notation.Append(slot == 0 ? string.Empty : " ").Append(Promtool.Literal(v));
                }

                series.Add(new DiffSeries($"g{g}{{i=\"{i:00}\"}}", [], members[i], notation.ToString()));
            }

            foreach (int slot in new[] { 0, 7, 13, 20, 26, 33, 39 })
            {
                long eval = slot * IntervalSeconds;
                double[] values = new double[size];
                for (int i = 0; i < size; i++)
                {
                    values[i] = members[i][slot];
                }

                double tolerance = size > 5 ? 1e-12 : 0;
                List<double[]> orders = size > 5 ? [values] : Permutations(values);
                cases.Add(new("sum", $"sum(g{g})", eval, orders.Select(o => Fold<SumAccumulator>(o, (ref SumAccumulator a, double x) => a.Add(x), a => a.Result)).ToList(), tolerance));
                cases.Add(new("avg", $"avg(g{g})", eval, orders.Select(o => Fold<AvgAccumulator>(o, (ref AvgAccumulator a, double x) => a.Add(x), a => a.Result)).ToList(), tolerance));
                cases.Add(new("min", $"min(g{g})", eval, orders.Select(o => Fold<MinAccumulator>(o, (ref MinAccumulator a, double x) => a.Add(x), a => a.Result)).ToList()));
                cases.Add(new("max", $"max(g{g})", eval, orders.Select(o => Fold<MaxAccumulator>(o, (ref MaxAccumulator a, double x) => a.Add(x), a => a.Result)).ToList()));
                cases.Add(new("stdvar", $"stdvar(g{g})", eval, orders.Select(o => Fold<StdvarAccumulator>(o, (ref StdvarAccumulator a, double x) => a.Add(x), a => a.Stdvar)).ToList(), tolerance));
                cases.Add(new("stddev", $"stddev(g{g})", eval, orders.Select(o => Fold<StdvarAccumulator>(o, (ref StdvarAccumulator a, double x) => a.Add(x), a => a.Stddev)).ToList(), tolerance));
                foreach (int k in new[] { 1, 2, 3, 20 })
                {
                    int[] idx = new int[size];
                    int n = Aggregations.TopK(values, k, bottom: false, idx);
                    cases.Add(new("topk", $"topk({k}, g{g})", eval, []) { Multiset = [.. idx.Take(n).Select(i => values[i])] });
                    n = Aggregations.TopK(values, k, bottom: true, idx);
                    cases.Add(new("bottomk", $"bottomk({k}, g{g})", eval, []) { Multiset = [.. idx.Take(n).Select(i => values[i])] });
                }

                foreach (double phi in new[] { -0.5, 0, 0.1, 0.5, 0.9, 0.99, 1, 1.5 })
                {
                    cases.Add(new("quantile", $"quantile({Promtool.Literal(phi)}, g{g})", eval, [Aggregations.Quantile(phi, (double[])values.Clone())]));
                }
            }
        }
    }

    private delegate void Adder<T>(ref T acc, double value);

    private static double Fold<T>(double[] values, Adder<T> add, Func<T, double> result)
        where T : struct
    {
        T acc = default;
        foreach (double v in values)
        {
            add(ref acc, v);
        }

        return result(acc);
    }

    private static List<double[]> Permutations(double[] values)
    {
        var all = new List<double[]>();
        Permute(values, 0, all);
        return all;
    }

    private static void Permute(double[] a, int k, List<double[]> all)
    {
        if (k == a.Length)
        {
            all.Add((double[])a.Clone());
            return;
        }

        for (int i = k; i < a.Length; i++)
        {
            (a[k], a[i]) = (a[i], a[k]);
            Permute(a, k + 1, all);
            (a[k], a[i]) = (a[i], a[k]);
        }
    }

    private static void AddHistogramCases(List<DiffSeries> series, List<DiffCase> cases)
    {
        // le label text → cumulative count. Labels are written as Prometheus would read them.
        (string Le, double Count)[][] histograms =
        [
            [("0.1", 10), ("0.5", 30), ("1", 40), ("+Inf", 40)],
            [("0.1", 10), ("1", 20), ("+Inf", 30)],
            [("-1", 10), ("0", 12), ("+Inf", 20)],
            [("0.1", 10), ("1", 20)], // no +Inf bucket
            [("+Inf", 20)],
            [("1", 0), ("2", 0), ("+Inf", 0)],
            [("1", 5), ("1.0", 5), ("2", 9), ("+Inf", 10)], // equal bounds
            [("1", 10), ("2", 5), ("5", 12), ("+Inf", 11)], // not monotonic
            [("0.005", 1), ("0.01", 3), ("0.025", 7), ("0.05", 7), ("0.1", 19), ("0.25", 40), ("0.5", 41), ("1", 47), ("2.5", 48), ("5", 60), ("10", 61), ("+Inf", 62)],
            [("5", 3.5), ("10", 7.25), ("+Inf", 9.75)],
            [("0.5", 4), ("Inf", 8)], // Go reads "Inf" as +Inf
            [(".5", 2), ("1.", 6), ("+inf", 8)],
            [("0x1p-1", 3), ("1e0", 5), ("infinity", 9)],
            [("1_0", 7), ("5", 3), ("+Inf", 9), ("1__0", 8)], // Go reads "1_0" as 10; "1__0" does not parse, that series is skipped
            [("1e400", 7), ("1", 3), ("+Inf", 9)], // out of range: skipped
            [("-Inf", 2), ("1", 3), ("+Inf", 9)],
            [("1", 2), ("1.0", 2), ("1e0", 2), ("+Inf", 9)],
            [("1e-400", 5), ("+Inf", 10)], // underflows to 0 without error
            [("0x_1p4", 5), ("1e1_0", 7), ("+Inf", 10)],
            [("+NaN", 5), ("+Inf", 10)], // a signed NaN does not parse
            [("1", double.NaN), ("2", 4), ("+Inf", 10)],
            [("1", 3), ("2", double.NaN), ("4", 6), ("8", 7), ("+Inf", 10)],
            [("1", 3), ("2", double.PositiveInfinity), ("+Inf", double.PositiveInfinity)],
            [("1", -3), ("2", 4), ("+Inf", 10)],
            [("0.5", 1e-300), ("+Inf", 2e-300)],
        ];
        double[] qs = [-0.1, 0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.99, 1, 1.1, double.NaN];
        for (int h = 0; h < histograms.Length; h++)
        {
            foreach ((string le, double count) in histograms[h])
            {
                series.Add(new DiffSeries($"h{h}_bucket{{le=\"{le}\"}}", [], [count], Promtool.Literal(count)));
            }

            foreach (double q in qs)
            {
                var buckets = new List<Bucket>();
                foreach ((string le, double count) in histograms[h])
                {
                    if (HistogramFunctions.TryParseUpperBound(le, out double bound))
                    {
                        buckets.Add(new Bucket(bound, count));
                    }
                }

                cases.Add(new("histogram_quantile", $"histogram_quantile({Promtool.Literal(q)}, h{h}_bucket)", 0, [HistogramFunctions.BucketQuantile(q, buckets.ToArray())]));
            }
        }
    }

    private static void AddScalarCases(List<DiffCase> cases, Random rnd)
    {
        var inputs = new List<double>
        {
            0, -0.0, 0.5, -0.5, 1, -1, 2.5, -2.5, 0.9999999, -0.7, 3.14159, 100, 1e-5, 1e15 + 0.5, 1e300, -1e300,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            1_700_000_000, 1_709_164_800, 4_105_123_200, 951_782_400, -62_135_596_801, 253_402_300_800, 1e18, -1.5, 86_399.999,
        };
        for (int i = 0; i < 40; i++)
        {
            inputs.Add((rnd.NextDouble() - 0.5) * Math.Pow(10, rnd.Next(-3, 10)));
        }

        foreach (double x in inputs)
        {
            string lit = Promtool.Literal(x);
            foreach ((string name, Func<double, double> kernel, double tolerance) in MathKernels)
            {
                cases.Add(new(name, $"{name}(vector({lit}))", 0, [kernel(x)], tolerance));
            }

            foreach (double to in new[] { 0.1, 3, 0.25 })
            {
                cases.Add(new("round", $"round(vector({lit}), {Promtool.Literal(to)})", 0, [MathFunctions.Round(x, to)]));
            }

            cases.Add(new("count_values", $"count_values(\"v\", vector({lit}))", 0, [1]) { Labels = $"{{v=\"{GoStrconv.FormatF(x)}\"}}" });
            cases.Add(new("clamp_min", $"clamp_min(vector({lit}), 0)", 0, [MathFunctions.ClampMin(x, 0)]));
            cases.Add(new("clamp_max", $"clamp_max(vector({lit}), -Inf)", 0, [MathFunctions.ClampMax(x, double.NegativeInfinity)]));
            cases.Add(new("clamp_min", $"clamp_min(vector({lit}), NaN)", 0, [MathFunctions.ClampMin(x, double.NaN)]));
            foreach ((double lo, double hi) in new[] { (-1.0, 1.0), (2.0, 1.0), (double.NaN, 1.0), (double.NegativeInfinity, double.NaN) })
            {
                bool ok = MathFunctions.Clamp(x, lo, hi, out double r);
                cases.Add(Opt("clamp", $"clamp(vector({lit}), {Promtool.Literal(lo)}, {Promtool.Literal(hi)})", 0, ok, r));
            }
        }
    }

    private static string BuildTestFile(List<DiffSeries> series, List<DiffCase> cases)
    {
        // evaluation_interval 1s: promtool appends input samples only up to the last evaluation step it
        // has reached, so a coarser interval would hide samples newer than the previous step.
        var yaml = new StringBuilder();
        yaml.Append("evaluation_interval: 1s\ntests:\n  - interval: ").Append(IntervalSeconds).Append("s\n    input_series:\n");
        foreach (DiffSeries s in series)
        {
            yaml.Append("      - series: '").Append(s.Selector).Append("'\n        values: '").Append(s.Notation).Append("'\n");
        }

        yaml.Append("    promql_expr_test:\n");
        foreach (DiffCase c in cases)
        {
            yaml.Append("      - expr: '").Append(c.Expr).Append("'\n        eval_time: ").Append(c.EvalSeconds).Append("s\n");
        }

        return yaml.ToString();
    }
}
