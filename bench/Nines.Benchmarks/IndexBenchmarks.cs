using System.Globalization;
using BenchmarkDotNet.Attributes;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Benchmarks;

/// <summary>Selector cost over 100k series: 100 metrics × 1000 instances, 20 jobs, unique pods.</summary>
[MemoryDiagnoser]
public class IndexBenchmarks
{
    private const int SeriesCount = 100_000;
    private MemPostings _index = new();
    private Matcher[] _matchers = [];

    [Params("pod=~\"pod-1.*\"", "instance=~\"host-1|host-2|host-3\"", "pod=~\"pod-(1|2)2.*\"", "job=~\"job-1.\",pod!~\"pod-9.*\"")]
    public string Selector { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _index = new MemPostings();
        for (var i = 0; i < SeriesCount; i++)
        {
            _index.Add((uint)(i + 1), LabelSet.FromStrings(
                "__name__", "metric_" + (i % 100).ToString(CultureInfo.InvariantCulture),
                "instance", "host-" + (i / 100).ToString(CultureInfo.InvariantCulture),
                "job", "job-" + (i % 20).ToString(CultureInfo.InvariantCulture),
                "pod", "pod-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        _matchers = Parse(Selector);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int Select() => _index.Select(_matchers).Length;

    private static Matcher[] Parse(string selector)
    {
        var parts = selector.Split(',');
        var result = new Matcher[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            var (op, type) = p.Contains("!~", StringComparison.Ordinal) ? ("!~", MatcherType.NotRegex) : ("=~", MatcherType.Regex);
            var at = p.IndexOf(op, StringComparison.Ordinal);
            result[i] = Matcher.Create(type, p[..at], p[(at + 2)..].Trim('"'));
        }

        return result;
    }
}
