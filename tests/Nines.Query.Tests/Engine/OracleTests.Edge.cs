namespace Nines.Query.Tests.Engine;

public sealed partial class OracleTests
{
    private const string EdgeSeries = """
        load 1m
        req_bucket{le="0.1", job="a"} 0+1x30
        req_bucket{le="0.5", job="a"} 0+3x30
        req_bucket{le="1", job="a"} 0+6x30
        req_bucket{le="+Inf", job="a"} 0+8x30
        req_bucket{le="0.1", job="b"} 0+0x30
        req_bucket{le="1", job="b"} 0+2x30
        req_bucket{le="+Inf", job="b"} 0+2x30
        req_bucket{le="bad", job="c"} 1x30
        metric{id="1"} 1 2 3 stale 5 6 _ _ _ _ _ _ 13
        metric{id="2"} 10 10 10 10 10 10 10 10 10 10 10 10 10
        metric{id="3"} NaN 1 NaN 2 Inf -Inf 3
        ties{x="a"} 5x30
        ties{x="b"} 5x30
        ties{x="c"} 7x30
        ties{x="d"} NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN
        counter{c="1"} 100 200 50 75 0 10 20 30
        """;

    public static TheoryData<string, string, long, string[]> EdgeCases => new()
    {
        { "Edge", "histogram_quantile(0.5, rate(req_bucket[5m]))", 600, ["{job=\"a\"} => 0.6666666666666666", "{job=\"b\"} => 0.55"] },
        { "Edge", "histogram_quantile(0.9, sum by (le) (rate(req_bucket[5m])))", 600, ["{} => 1.0"] },
        { "Edge", "histogram_quantile(0.99, req_bucket)", 600, ["{job=\"a\"} => 1.0", "{job=\"b\"} => 0.991"] },
        { "Edge", "histogram_quantile(1.5, req_bucket{job=\"a\"})", 600, ["{job=\"a\"} => Inf"] },
        { "Edge", "histogram_quantile(-1, req_bucket{job=\"a\"})", 600, ["{job=\"a\"} => -Inf"] },
        { "Edge", "metric", 180, ["{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => 2.0"] },
        { "Edge", "metric", 240, ["{__name__=\"metric\", id=\"1\"} => 5.0", "{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => Inf"] },
        { "Edge", "metric", 239, ["{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => 2.0"] },
        { "Edge", "metric", 300, ["{__name__=\"metric\", id=\"1\"} => 6.0", "{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => -Inf"] },
        { "Edge", "metric", 600, ["{__name__=\"metric\", id=\"1\"} => 6.0", "{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => 3.0"] },
        { "Edge", "metric", 660, ["{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => 3.0"] },
        { "Edge", "metric", 720, ["{__name__=\"metric\", id=\"1\"} => 13.0", "{__name__=\"metric\", id=\"2\"} => 10.0"] },
        { "Edge", "metric", 721, ["{__name__=\"metric\", id=\"1\"} => 13.0", "{__name__=\"metric\", id=\"2\"} => 10.0"] },
        { "Edge", "metric offset 1m", 360, ["{__name__=\"metric\", id=\"1\"} => 6.0", "{__name__=\"metric\", id=\"2\"} => 10.0", "{__name__=\"metric\", id=\"3\"} => -Inf"] },
        { "Edge", "count_over_time(metric[3m])", 420, ["{id=\"1\"} => 2.0", "{id=\"2\"} => 4.0", "{id=\"3\"} => 3.0"] },
        { "Edge", "count_over_time(metric[2m])", 420, ["{id=\"1\"} => 1.0", "{id=\"2\"} => 3.0", "{id=\"3\"} => 2.0"] },
        { "Edge", "sum_over_time(metric[4m])", 240, ["{id=\"1\"} => 11.0", "{id=\"2\"} => 50.0", "{id=\"3\"} => NaN"] },
        { "Edge", "metric{id=\"3\"}", 300, ["{__name__=\"metric\", id=\"3\"} => -Inf"] },
        { "Edge", "sum(metric)", 300, ["{} => -Inf"] },
        { "Edge", "min(metric{id=\"3\"})", 360, ["{} => 3.0"] },
        { "Edge", "max(metric{id=\"3\"})", 360, ["{} => 3.0"] },
        { "Edge", "avg(metric)", 360, ["{} => 6.333333333333334"] },
        { "Edge", "topk(1, ties)", 600, ["{__name__=\"ties\", x=\"c\"} => 7.0"] },
        { "Edge", "topk(2, ties)", 600, ["{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0"] },
        { "Edge", "bottomk(3, ties)", 600, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0"] },
        { "Edge", "topk(5, ties)", 600, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "sort(ties)", 600, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "sort_desc(ties)", 600, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "quantile(0.5, ties)", 600, ["{} => 5.0"] },
        { "Edge", "count_values(\"v\", ties)", 600, ["{v=\"5\"} => 2.0", "{v=\"7\"} => 1.0", "{v=\"NaN\"} => 1.0"] },
        { "Edge", "rate(counter[7m])", 420, ["{c=\"1\"} => 0.48809523809523814"] },
        { "Edge", "increase(counter[7m])", 420, ["{c=\"1\"} => 205.0"] },
        { "Edge", "resets(counter[7m])", 420, ["{c=\"1\"} => 2.0"] },
        { "Edge", "irate(counter[7m])", 420, ["{c=\"1\"} => 0.16666666666666666"] },
        { "Edge", "irate(counter[3m])", 180, ["{c=\"1\"} => 0.4166666666666667"] },
        { "Edge", "delta(counter[7m])", 420, ["{c=\"1\"} => -70.0"] },
        { "Edge", "deriv(counter[7m])", 420, ["{c=\"1\"} => -0.314484126984127"] },
        { "Edge", "rate(counter[1m])", 420, ["{c=\"1\"} => 0.16666666666666666"] },
        { "Edge", "rate(counter[30s])", 420, [] },
        { "Edge", "increase(counter[7m:1m])", 420, ["{c=\"1\"} => 205.0"] },
        { "Edge", "increase(counter[7m:2m])", 425, ["{c=\"1\"} => 35.0"] },
        { "Edge", "max_over_time(counter[5m:90s])", 425, ["{c=\"1\"} => 75.0"] },
        { "Edge", "max_over_time(counter[5m:90s] offset 1m)", 425, ["{c=\"1\"} => 200.0"] },
        { "Edge", "max_over_time(counter[5m:90s] @ 200)", 425, ["{c=\"1\"} => 200.0"] },
        { "Edge", "absent_over_time(metric[1m])", 600, [] },
        { "Edge", "absent_over_time(metric{id=\"1\"}[4m])", 600, ["{id=\"1\"} => 1.0"] },
        { "Edge", "absent(metric{id=\"1\"})", 600, [] },
        { "Edge", "present_over_time(metric[1m])", 600, ["{id=\"2\"} => 1.0"] },
        { "Edge", "metric > 3", 300, ["{__name__=\"metric\", id=\"1\"} => 6.0", "{__name__=\"metric\", id=\"2\"} => 10.0"] },
        { "Edge", "metric{id=\"3\"} == Inf", 300, [] },
        { "Edge", "metric{id=\"3\"} != metric{id=\"3\"}", 300, [] },
        { "Edge", "ties == bool ties", 300, ["{x=\"a\"} => 1.0", "{x=\"b\"} => 1.0", "{x=\"c\"} => 1.0", "{x=\"d\"} => 0.0"] },
        { "Edge", "ties / 0", 300, ["{x=\"a\"} => Inf", "{x=\"b\"} => Inf", "{x=\"c\"} => Inf", "{x=\"d\"} => NaN"] },
        { "Edge", "-ties % 3", 300, ["{x=\"a\"} => -2.0", "{x=\"b\"} => -2.0", "{x=\"c\"} => -1.0", "{x=\"d\"} => NaN"] },
        { "Edge", "ties ^ 0.5", 300, ["{x=\"a\"} => 2.23606797749979", "{x=\"b\"} => 2.23606797749979", "{x=\"c\"} => 2.6457513110645907", "{x=\"d\"} => NaN"] },
        { "Edge", "ties atan2 2", 300, ["{__name__=\"ties\", x=\"a\"} => 1.1902899496825317", "{__name__=\"ties\", x=\"b\"} => 1.1902899496825317", "{__name__=\"ties\", x=\"c\"} => 1.2924966677897851", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "vector(1) and ties", 300, [] },
        { "Edge", "ties and vector(1)", 300, [] },
        { "Edge", "ties and on() vector(1)", 300, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "ties unless on() vector(1)", 300, [] },
        { "Edge", "ties or on(x) vector(7)", 300, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN", "{} => 7.0"] },
        { "Edge", "sum(ties) + on() group_left ties", 300, ["error: found duplicate series for the match group {} on the right hand-side of the operation: [{__name__=\"ties\", x=\"b\"}, {__name__=\"ties\", x=\"c\"}];many-to-many matching not allowed: matching labels must be unique on one side"] },
        { "Edge", "group(ties) by (x)", 300, ["{x=\"a\"} => 1.0", "{x=\"b\"} => 1.0", "{x=\"c\"} => 1.0", "{x=\"d\"} => 1.0"] },
        { "Edge", "stddev(ties)", 300, ["{} => NaN"] },
        { "Edge", "scalar(ties{x=\"c\"}) * ties", 300, ["{x=\"a\"} => 35.0", "{x=\"b\"} => 35.0", "{x=\"c\"} => 49.0", "{x=\"d\"} => NaN"] },
        { "Edge", "count(ties) by (x) * 2", 300, ["{x=\"a\"} => 2.0", "{x=\"b\"} => 2.0", "{x=\"c\"} => 2.0", "{x=\"d\"} => 2.0"] },
        { "Edge", "label_replace(ties, \"y\", \"$1$1\", \"x\", \"(.)\")", 300, ["{__name__=\"ties\", x=\"a\", y=\"aa\"} => 5.0", "{__name__=\"ties\", x=\"b\", y=\"bb\"} => 5.0", "{__name__=\"ties\", x=\"c\", y=\"cc\"} => 7.0", "{__name__=\"ties\", x=\"d\", y=\"dd\"} => NaN"] },
        { "Edge", "label_replace(ties, \"y\", \"$10\", \"x\", \"(.)\")", 300, ["{__name__=\"ties\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "label_replace(ties, \"y\", \"$$1\", \"x\", \"(.)\")", 300, ["{__name__=\"ties\", x=\"a\", y=\"$1\"} => 5.0", "{__name__=\"ties\", x=\"b\", y=\"$1\"} => 5.0", "{__name__=\"ties\", x=\"c\", y=\"$1\"} => 7.0", "{__name__=\"ties\", x=\"d\", y=\"$1\"} => NaN"] },
        { "Edge", "label_replace(ties, \"__name__\", \"renamed\", \"x\", \"a\")", 300, ["{__name__=\"renamed\", x=\"a\"} => 5.0", "{__name__=\"ties\", x=\"b\"} => 5.0", "{__name__=\"ties\", x=\"c\"} => 7.0", "{__name__=\"ties\", x=\"d\"} => NaN"] },
        { "Edge", "label_join(ties, \"x\", \"\", \"nonexistent\")", 300, ["error: vector cannot contain metrics with the same labelset"] },
        { "Edge", "timestamp(ties)", 300, ["{x=\"a\"} => 300.0", "{x=\"b\"} => 300.0", "{x=\"c\"} => 300.0", "{x=\"d\"} => 300.0"] },
        { "Edge", "year(ties)", 300, ["{x=\"a\"} => 1970.0", "{x=\"b\"} => 1970.0", "{x=\"c\"} => 1970.0", "{x=\"d\"} => 292277026596.0"] },
        { "Edge", "days_in_month(vector(1709251200))", 300, ["{} => 31.0"] },
        { "Edge", "day_of_year(vector(1704067199))", 300, ["{} => 365.0"] },
        { "Edge", "round(vector(-2.5))", 300, ["{} => -2.0"] },
        { "Edge", "round(vector(2.5))", 300, ["{} => 3.0"] },
        { "Edge", "quantile_over_time(0.25, counter[7m])", 300, ["{c=\"1\"} => 20.0"] },
        { "Edge", "quantile_over_time(2, counter[7m])", 300, ["{c=\"1\"} => Inf"] },
        { "Edge", "holt_winters(counter[7m], 0.3, 0.8)", 300, ["{c=\"1\"} => 64.25280000000001"] },
        { "Edge", "holt_winters(counter[7m], 1, 0.8)", 300, ["error: invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000"] },
        { "Edge", "stddev_over_time(counter[7m])", 300, ["{c=\"1\"} => 66.69270324905617"] },
        { "Edge", "sum(rate(counter[2m])) without (c)", 300, ["{} => 0.08333333333333333"] },
        { "Edge", "changes(metric[10m])", 300, ["{id=\"1\"} => 4.0", "{id=\"2\"} => 0.0", "{id=\"3\"} => 5.0"] },
        { "Edge", "1 + -2 * 3", 300, ["{} => -5.0"] },
        { "Edge", "(1 + -2) * 3", 300, ["{} => -3.0"] },
        { "Edge", "2 ^ -1", 300, ["{} => 0.5"] },
        { "Edge", "-vector(1) - -vector(2)", 300, ["{} => 1.0"] },
        { "Edge", "ties{x=\"a\"} + on() group_right ties", 300, ["{x=\"a\"} => 10.0", "{x=\"b\"} => 10.0", "{x=\"c\"} => 12.0", "{x=\"d\"} => NaN"] },
        { "Edge", "ties{x=\"a\"} * on(x) group_left() ties", 300, ["{x=\"a\"} => 25.0"] },
    };
}
