using System.Diagnostics;
using System.Globalization;
using Nines.Metrics.Downsampling;
using Nines.Metrics.Storage;
using Nines.Query;
using Nines.Tests.Shared;

namespace Nines.Benchmarks.Query;

/// <summary>
/// Long-range queries over raw samples and over downsampled blocks, same storage, same run:
/// <c>DownsamplingWorkload</c> (counters with resets and gauges, one sample a minute) for N days
/// written through <c>MetricsStorage</c> (WAL, 1-day head blocks, maintenance after every day, which
/// writes the 5m and 1h blocks), raw retention long enough that raw blocks still hold everything.
/// Each query runs with <c>max_source_resolution</c> raw and auto: 2 warm-ups, then the median of 7.
/// </summary>
internal static class DownsampledQueries
{
    private static readonly (string Query, long StepMs)[] Queries =
    [
        ("sum(rate(ds_requests_total[1h]))", DownsamplingWorkload.Hour),
        ("max_over_time(ds_temperature[1h])", DownsamplingWorkload.Hour),
        ("sum(rate(ds_requests_total[1d]))", DownsamplingWorkload.Day),
        ("avg_over_time(ds_temperature[1d])", DownsamplingWorkload.Day),
    ];

    public static async Task RunAsync(string[] args)
    {
        var seriesPerMetric = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var directory = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "nines-bench-downsampling-" + Guid.NewGuid().ToString("N"));
        try
        {
            var loading = Stopwatch.StartNew();
            await using var storage = await MetricsStorage.OpenAsync(directory, DownsamplingWorkload.Options(TimeSpan.FromDays(days * 2)));
            await new DownsamplingWorkload(seriesPerMetric).AppendDaysAsync(storage, 0, days);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{2 * seriesPerMetric} series × {days} days at 1 min loaded and downsampled in {loading.Elapsed.TotalSeconds:F0} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blocks on disk: raw {Size(storage.Blocks) / 1e6:F1} MB, 5m {Size(storage.DownsampledBlocks(Resolutions.FiveMinutes)) / 1e6:F1} MB, 1h {Size(storage.DownsampledBlocks(Resolutions.OneHour)) / 1e6:F1} MB"));
            Console.WriteLine();
            Console.WriteLine("| query | range, step | raw | auto (resolution) | speed-up | samples raw → auto |");
            Console.WriteLine("|---|---|---|---|---|---|");
            var engine = new PromQlEngine();
            var end = (days - 1) * DownsamplingWorkload.Day;
            var start = end - ((days - 2) * DownsamplingWorkload.Day);
            foreach (var (query, step) in Queries)
            {
                var (rawMs, raw) = Time(() => engine.Range(new MetricsStorageSource(storage, Resolutions.Raw), query, start, end, step));
                var (autoMs, auto) = Time(() => engine.Range(new MetricsStorageSource(storage), query, start, end, step));
                var resolution = auto.Infos.Count > 0 ? auto.Infos[0][5..7] : "raw";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{query}` | {days - 2} d, {(step == DownsamplingWorkload.Day ? "1d" : "1h")} | {rawMs:F1} ms | {autoMs:F1} ms ({resolution}) | {rawMs / autoMs:F1}× | {raw.SamplesTouched:N0} → {auto.SamplesTouched:N0} |"));
            }
        }
        finally
        {
            if (args.Length <= 3 && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static long Size(IReadOnlyList<BlockInfo> blocks) => blocks.Sum(b => b.SizeBytes);

    private static (double Ms, QueryResult Result) Time(Func<QueryResult> run)
    {
        QueryResult result = run();
        run();
        var times = new double[7];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            result = run();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[times.Length / 2], result);
    }
}
