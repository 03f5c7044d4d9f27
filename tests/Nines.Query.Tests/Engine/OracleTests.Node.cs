namespace Nines.Query.Tests.Engine;

public sealed partial class OracleTests
{
    private const string NodeSeries = """
        load 30s
        node_cpu{cpu="0", mode="idle", instance="a"} 0+25x200
        node_cpu{cpu="0", mode="user", instance="a"} 0+5x200
        node_cpu{cpu="1", mode="idle", instance="a"} 0+20x200
        node_cpu{cpu="1", mode="user", instance="a"} 0+10x200
        node_cpu{cpu="0", mode="idle", instance="b"} 0+29x100 0+29x99
        node_cpu{cpu="0", mode="user", instance="b"} 0+1x200
        up{instance="a", job="node"} 1x200
        up{instance="b", job="node"} 1x120 0x79
        info{instance="a", version="1.0"} 1x200
        info{instance="b", version="2.0"} 1x200
        """;

    public static TheoryData<string, string, long, string[]> NodeCases => new()
    {
        { "Node", "sum by (instance) (rate(node_cpu{mode!=\"idle\"}[5m])) / sum by (instance) (rate(node_cpu[5m]))", 3000, ["{instance=\"a\"} => 0.25", "{instance=\"b\"} => 0.03333333333333333"] },
        { "Node", "1 - avg by (instance) (rate(node_cpu{mode=\"idle\"}[2m]))", 3000, ["{instance=\"a\"} => 0.25", "{instance=\"b\"} => 0.033333333333333326"] },
        { "Node", "up * on(instance) group_left(version) info", 3000, ["{instance=\"a\", job=\"node\", version=\"1.0\"} => 1.0", "{instance=\"b\", job=\"node\", version=\"2.0\"} => 1.0"] },
        { "Node", "info * on(instance) group_right(version) up", 3000, ["{instance=\"a\", job=\"node\", version=\"1.0\"} => 1.0", "{instance=\"b\", job=\"node\", version=\"2.0\"} => 1.0"] },
        { "Node", "up == 0", 3000, [] },
        { "Node", "up == 0", 4020, ["{__name__=\"up\", instance=\"b\", job=\"node\"} => 0.0"] },
        { "Node", "avg_over_time(up[10m])", 4020, ["{instance=\"a\", job=\"node\"} => 1.0", "{instance=\"b\", job=\"node\"} => 0.3333333333333333"] },
        { "Node", "max_over_time((up == bool 0)[20m:1m])", 4020, ["{instance=\"a\", job=\"node\"} => 0.0", "{instance=\"b\", job=\"node\"} => 1.0"] },
        { "Node", "sum_over_time(sum(up)[10m:2m])", 4020, ["{} => 7.0"] },
        { "Node", "rate(node_cpu{instance=\"b\", mode=\"idle\"}[5m])", 4020, ["{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.9666666666666667"] },
        { "Node", "rate(node_cpu{instance=\"b\", mode=\"idle\"}[5m])", 3060, ["{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.8700000000000001"] },
        { "Node", "increase(node_cpu{instance=\"b\", mode=\"idle\"}[3m])", 3060, ["{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 145.0"] },
        { "Node", "resets(node_cpu[1h])", 3060, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.0", "{cpu=\"0\", instance=\"a\", mode=\"user\"} => 0.0", "{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 1.0", "{cpu=\"0\", instance=\"b\", mode=\"user\"} => 0.0", "{cpu=\"1\", instance=\"a\", mode=\"idle\"} => 0.0", "{cpu=\"1\", instance=\"a\", mode=\"user\"} => 0.0"] },
        { "Node", "deriv(sum by (instance) (node_cpu)[10m:30s])", 4020, ["{instance=\"a\"} => 2.0", "{instance=\"b\"} => 1.0"] },
        { "Node", "predict_linear(node_cpu{mode=\"user\", instance=\"a\", cpu=\"0\"}[10m], 3600)", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"user\"} => 1270.0"] },
        { "Node", "count by (instance) (count by (instance, cpu) (node_cpu))", 4020, ["{instance=\"a\"} => 2.0", "{instance=\"b\"} => 1.0"] },
        { "Node", "topk by (instance) (1, rate(node_cpu[5m]))", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.8333333333333334", "{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.9666666666666667"] },
        { "Node", "bottomk(2, rate(node_cpu[5m])) * 100", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"user\"} => 16.666666666666668", "{cpu=\"0\", instance=\"b\", mode=\"user\"} => 3.3333333333333335"] },
        { "Node", "sort_desc(sum by (mode) (rate(node_cpu[5m])))", 4020, ["{mode=\"idle\"} => 2.466666666666667", "{mode=\"user\"} => 0.5333333333333333"] },
        { "Node", "quantile by (mode) (0.75, rate(node_cpu[5m]))", 4020, ["{mode=\"idle\"} => 0.9", "{mode=\"user\"} => 0.25"] },
        { "Node", "label_replace(up, \"host\", \"$1.example\", \"instance\", \"(.*)\")", 4020, ["{__name__=\"up\", host=\"a.example\", instance=\"a\", job=\"node\"} => 1.0", "{__name__=\"up\", host=\"b.example\", instance=\"b\", job=\"node\"} => 0.0"] },
        { "Node", "sum without (cpu, mode) (rate(node_cpu[5m])) > 30", 4020, [] },
        { "Node", "sum(rate(node_cpu[5m])) by (instance) and on(instance) (up == 1)", 4020, ["{instance=\"a\"} => 2.0"] },
        { "Node", "rate(node_cpu[5m] @ 3000)", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.8333333333333334", "{cpu=\"0\", instance=\"a\", mode=\"user\"} => 0.16666666666666669", "{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.9666666666666667", "{cpu=\"0\", instance=\"b\", mode=\"user\"} => 0.03333333333333333", "{cpu=\"1\", instance=\"a\", mode=\"idle\"} => 0.6666666666666667", "{cpu=\"1\", instance=\"a\", mode=\"user\"} => 0.33333333333333337"] },
        { "Node", "rate(node_cpu[5m] offset 30m)", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.8333333333333334", "{cpu=\"0\", instance=\"a\", mode=\"user\"} => 0.16666666666666669", "{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.9666666666666667", "{cpu=\"0\", instance=\"b\", mode=\"user\"} => 0.03333333333333333", "{cpu=\"1\", instance=\"a\", mode=\"idle\"} => 0.6666666666666667", "{cpu=\"1\", instance=\"a\", mode=\"user\"} => 0.33333333333333337"] },
        { "Node", "rate(node_cpu[5m] @ 3000 offset 10m)", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.8333333333333334", "{cpu=\"0\", instance=\"a\", mode=\"user\"} => 0.16666666666666669", "{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.9666666666666667", "{cpu=\"0\", instance=\"b\", mode=\"user\"} => 0.03333333333333333", "{cpu=\"1\", instance=\"a\", mode=\"idle\"} => 0.6666666666666667", "{cpu=\"1\", instance=\"a\", mode=\"user\"} => 0.33333333333333337"] },
        { "Node", "max_over_time(rate(node_cpu{instance=\"a\"}[1m])[5m:30s] @ 3000)", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.8333333333333334", "{cpu=\"0\", instance=\"a\", mode=\"user\"} => 0.16666666666666666", "{cpu=\"1\", instance=\"a\", mode=\"idle\"} => 0.6666666666666666", "{cpu=\"1\", instance=\"a\", mode=\"user\"} => 0.3333333333333333"] },
        { "Node", "avg_over_time(max_over_time(up[1m:10s])[10m:1m])", 4020, ["{instance=\"a\", job=\"node\"} => 1.0", "{instance=\"b\", job=\"node\"} => 0.45454545454545453"] },
        { "Node", "absent(up{job=\"missing\"})", 4020, ["{job=\"missing\"} => 1.0"] },
        { "Node", "absent(sum(nonexistent))", 4020, ["{} => 1.0"] },
        { "Node", "absent_over_time(up{instance=\"b\"}[30m])", 4020, [] },
        { "Node", "changes(up[1h])", 4020, ["{instance=\"a\", job=\"node\"} => 0.0", "{instance=\"b\", job=\"node\"} => 1.0"] },
        { "Node", "clamp_max(rate(node_cpu[5m]), 10)", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.8333333333333334", "{cpu=\"0\", instance=\"a\", mode=\"user\"} => 0.16666666666666669", "{cpu=\"0\", instance=\"b\", mode=\"idle\"} => 0.9666666666666667", "{cpu=\"0\", instance=\"b\", mode=\"user\"} => 0.03333333333333333", "{cpu=\"1\", instance=\"a\", mode=\"idle\"} => 0.6666666666666667", "{cpu=\"1\", instance=\"a\", mode=\"user\"} => 0.33333333333333337"] },
        { "Node", "(up > 0) or (info * 0)", 4020, ["{__name__=\"up\", instance=\"a\", job=\"node\"} => 1.0", "{instance=\"a\", version=\"1.0\"} => 0.0", "{instance=\"b\", version=\"2.0\"} => 0.0"] },
        { "Node", "up unless on(instance) info{version=\"2.0\"}", 4020, ["{__name__=\"up\", instance=\"a\", job=\"node\"} => 1.0"] },
        { "Node", "time() - timestamp(up)", 4020, ["{instance=\"a\", job=\"node\"} => 0.0", "{instance=\"b\", job=\"node\"} => 0.0"] },
        { "Node", "count_values without (instance) (\"up\", up)", 4020, ["{job=\"node\", up=\"0\"} => 1.0", "{job=\"node\", up=\"1\"} => 1.0"] },
        { "Node", "stddev_over_time(rate(node_cpu{instance=\"a\",cpu=\"0\",mode=\"idle\"}[1m])[10m:])", 4020, ["{cpu=\"0\", instance=\"a\", mode=\"idle\"} => 0.0"] },
        { "Node", "histogram_quantile(0.5, label_replace(up, \"le\", \"1\", \"\", \"\"))", 4020, ["{instance=\"a\", job=\"node\"} => NaN", "{instance=\"b\", job=\"node\"} => NaN"] },
        { "Node", "-sum(up) ^ 2", 4020, ["{} => -1.0"] },
        { "Node", "sum(up) % 2 == bool 0", 4020, ["{} => 0.0"] },
        { "Node", "scalar(sum(up)) > bool 1", 4020, ["{} => 0.0"] },
        { "Node", "vector(time()) - on() group_right timestamp(up)", 4020, ["{instance=\"a\", job=\"node\"} => 0.0", "{instance=\"b\", job=\"node\"} => 0.0"] },
    };
}
