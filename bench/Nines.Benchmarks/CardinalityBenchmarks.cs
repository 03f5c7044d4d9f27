using System.Globalization;
using BenchmarkDotNet.Attributes;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;

namespace Nines.Benchmarks;

/// <summary>
/// The cardinality report and a metric drill-down over a head of N series: 90% are 1000 metrics ×
/// distinct instances, 10% one metric whose request_id label exploded (one value per series). All
/// series are created in the churn window, so every pair's "created" is looked up.
/// </summary>
[MemoryDiagnoser]
public class CardinalityBenchmarks
{
    private HeadBlock _head = new();

    [Params(100_000, 1_000_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _head = new HeadBlock();
        var exploded = Series / 10;
        for (var i = 0; i < Series - exploded; i++)
        {
            _head.GetOrCreateSeries(LabelSet.FromStrings(
                "__name__", "metric_" + (i % 1000).ToString(CultureInfo.InvariantCulture),
                "instance", "host-" + (i / 1000).ToString(CultureInfo.InvariantCulture),
                "job", "job-" + (i % 20).ToString(CultureInfo.InvariantCulture)));
        }

        for (var i = 0; i < exploded; i++)
        {
            _head.GetOrCreateSeries(LabelSet.FromStrings(
                "__name__", "http_requests_total",
                "job", "api",
                "status", (200 + (i % 5)).ToString(CultureInfo.InvariantCulture),
                "request_id", "req-" + i.ToString(CultureInfo.InvariantCulture)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _head.Dispose();

    [Benchmark]
    public long Report() => _head.Cardinality(10, TimeSpan.FromHours(1)).LabelPairs;

    /// <summary><c>/api/v1/status/tsdb</c>'s statistics (Prometheus' postings Stats over the head index).</summary>
    [Benchmark]
    public long TsdbStats() => _head.Stats(10).LabelPairs;

    [Benchmark]
    public int DrillDownExploded() => _head.DescribeMetric("http_requests_total", 10, TimeSpan.FromHours(1))!.Labels.Count;

    [Benchmark]
    public int DrillDownSmall() => _head.DescribeMetric("metric_7", 10, TimeSpan.FromHours(1))!.Labels.Count;
}
