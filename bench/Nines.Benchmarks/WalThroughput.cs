using System.Diagnostics;
using System.Globalization;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Benchmarks;

/// <summary>
/// Macro-benchmark of the durable append path: N concurrent appenders each sending batches of
/// 1,000 samples (100 series × 10 samples) to <see cref="MetricsStorage"/> on the real file
/// system, every batch acknowledged only after its group-commit fsync. Prints samples/s,
/// batches/s and fsyncs/s. Usage: <c>wal [appenders] [seconds] [directory]</c>.
/// </summary>
internal static class WalThroughput
{
    public static async Task RunAsync(string[] args)
    {
        var appenders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var directory = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "nines-wal-bench-" + Environment.ProcessId);
        const int SeriesPerBatch = 100;
        const int SamplesPerSeries = 10;

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        long samples = 0, batches = 0;
        TimeSpan elapsed;
        long syncs;
        await using (var storage = await MetricsStorage.OpenAsync(directory))
        {
            var stop = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            var tasks = new Task[appenders];
            for (var a = 0; a < appenders; a++)
            {
                var appender = a;
                tasks[a] = Task.Run(async () =>
                {
                    // Each appender owns 1,000 series and writes 10 consecutive samples of 100 of them per batch.
                    var labels = new LabelSet[1000];
                    for (var s = 0; s < labels.Length; s++)
                    {
                        labels[s] = LabelSet.FromStrings("__name__", "bench_metric", "appender", appender.ToString(CultureInfo.InvariantCulture), "instance", "host-" + s.ToString(CultureInfo.InvariantCulture), "job", "bench");
                    }

                    var batch = new MetricsBatch();
                    var ts = new long[SamplesPerSeries];
                    var vs = new double[SamplesPerSeries];
                    var round = 0L;
                    var random = new Random(appender);
                    while (stop.Elapsed < deadline)
                    {
                        batch.Clear();
                        var first = (int)(round % 10) * SeriesPerBatch;
                        var baseT = (round / 10) * SamplesPerSeries * 15_000L;
                        for (var s = first; s < first + SeriesPerBatch; s++)
                        {
                            for (var k = 0; k < SamplesPerSeries; k++)
                            {
                                ts[k] = baseT + (k * 15_000L);
                                vs[k] = Math.Round(random.NextDouble() * 100, 1);
                            }

                            batch.Add(labels[s], ts, vs);
                        }

                        var outcome = await storage.AppendAsync(batch).ConfigureAwait(false);
                        Interlocked.Add(ref samples, outcome.Accepted);
                        Interlocked.Increment(ref batches);
                        round++;
                    }
                });
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            elapsed = stop.Elapsed;
            syncs = storage.WalSyncCount;
        }

        long walBytes = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(directory, "wal")))
        {
            walBytes += new FileInfo(file).Length;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"appenders={appenders} batch=1000 samples duration={elapsed.TotalSeconds:F1}s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"samples/s={samples / elapsed.TotalSeconds:F0} batches/s={batches / elapsed.TotalSeconds:F0} fsyncs/s={syncs / elapsed.TotalSeconds:F0} batches/fsync={(double)batches / syncs:F1} WAL bytes/sample={(double)walBytes / samples:F2}"));
        Directory.Delete(directory, recursive: true);
    }
}
