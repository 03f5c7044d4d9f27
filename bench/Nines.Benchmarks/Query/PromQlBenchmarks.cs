using System.Globalization;
using BenchmarkDotNet.Attributes;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;
using Nines.Query;

namespace Nines.Benchmarks.Query;

/// <summary>
/// PromQL over 1000 counters × 6 h at 15 s (1.44M samples) in a head block. The same data is
/// produced for Prometheus by <c>bench/Nines.Benchmarks/Query/promql-peer.sh</c>, which times the
/// same queries against a real Prometheus 2.42 over HTTP.
/// </summary>
[MemoryDiagnoser]
public class PromQlBenchmarks
{
    public const long T0 = 1_700_000_000_000;
    public const int Series = 1000;
    public const int Samples = 1440;

    private readonly PromQlEngine _engine = new();
    private HeadBlock _head = null!;
    private HeadBlockSource _source = null!;

    [Params(
        "range:sum by (job) (rate(http_requests_total[5m]))",
        "range:http_requests_total{instance=~\"inst-1..\"}",
        "instant:topk(5, rate(http_requests_total[5m]))",
        "instant:sum by (job) (rate(http_requests_total[5m]))")]
    public string Query { get; set; } = string.Empty;

    public static HeadBlock Load()
    {
        var head = new HeadBlock();
        for (var i = 0; i < Series; i++)
        {
            var id = head.GetOrCreateSeries(LabelSet.FromStrings(
                "__name__", "http_requests_total",
                "job", "job-" + (i % 10).ToString(CultureInfo.InvariantCulture),
                "instance", "inst-" + i.ToString(CultureInfo.InvariantCulture)));
            var inc = 1 + (i % 7);
            for (var s = 0; s < Samples; s++)
            {
                head.Append(id, T0 + (s * 15_000L), s * inc);
            }
        }

        return head;
    }

    [GlobalSetup]
    public void Setup()
    {
        _head = Load();
        _source = new HeadBlockSource(_head);
    }

    [GlobalCleanup]
    public void Cleanup() => _head.Dispose();

    [Benchmark]
    public object Run()
    {
        var kind = Query[..Query.IndexOf(':', StringComparison.Ordinal)];
        var q = Query[(kind.Length + 1)..];
        var end = T0 + ((Samples - 1) * 15_000L);
        return kind == "range"
            ? _engine.Range(_source, q, T0, end, 60_000)
            : _engine.Instant(_source, q, end);
    }
}
