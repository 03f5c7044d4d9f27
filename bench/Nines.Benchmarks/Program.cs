using System.Globalization;
using BenchmarkDotNet.Running;
using Nines.Benchmarks;
using Nines.Metrics.Chunks;

// `sizes` prints bytes per sample of the XOR chunks on the benchmark workloads; anything else runs BenchmarkDotNet.
if (args.Length > 0 && args[0] == "sizes")
{
    const int Series = 1000;
    const int SamplesPerSeries = 720; // 3 h at 15 s: six full chunks per series
    Console.WriteLine("| workload | jitter | samples | chunk bytes/sample | with block framing/sample |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var jitter in new[] { 25, 0 })
    foreach (var workload in new[] { "counter", "gauge", "gauge-full-precision", "constant" })
    {
        var random = new Random(1);
        long bytes = 0, chunks = 0, samples = 0;
        for (var s = 0; s < Series; s++)
        {
            var ts = SampleData.Timestamps(random, SamplesPerSeries, jitter);
            var vs = SampleData.Values(workload, random, SamplesPerSeries);
            var chunk = new XorChunk();
            for (var i = 0; i < SamplesPerSeries; i++)
            {
                if (chunk.Append(ts[i], vs[i]) == AppendResult.ChunkFull)
                {
                    bytes += chunk.Length;
                    chunks++;
                    chunk = new XorChunk();
                    chunk.Append(ts[i], vs[i]);
                }

                samples++;
            }

            bytes += chunk.Length;
            chunks++;
        }

        // Prometheus' chunks file frames each chunk with len uvarint (1-2 B), encoding (1 B) and CRC32 (4 B).
        var framed = bytes + (chunks * 7);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload} | ±{jitter} ms | {samples} | {(double)bytes / samples:F3} | {(double)framed / samples:F3} |"));
    }

    return;
}

// `blocks [targets] [hours] [jitterMs] [dir]` measures block bytes per sample against promtool's blocks.
if (args.Length > 0 && args[0] == "blocks")
{
    await BlockSizes.RunAsync(args);
    return;
}

// `wal [appenders] [seconds] [dir]` measures durable (group-committed, fsynced) append throughput.
if (args.Length > 0 && args[0] == "wal")
{
    await WalThroughput.RunAsync(args);
    return;
}

// `events spans|logs|mixed [appenders] [seconds] [dir]` measures sustained spans and/or log records per second into the events store (WAL on).
if (args.Length > 0 && args[0] == "events")
{
    await EventsThroughput.RunAsync(args);
    return;
}

// `scrape-parse [series] [seconds]` measures exposition parsing and the per-target scrape path in samples per second.
if (args.Length > 0 && args[0] == "scrape-parse")
{
    Console.WriteLine("| format | depth | samples/scrape | samples/s | MiB/s | bytes allocated/scrape |");
    Console.WriteLine("|---|---|---|---|---|---|");
    ScrapeParseThroughput.Run(args);
    return;
}

// `downsampling [seriesPerMetric] [days] [dir]` times long-range queries over raw samples and over 5m/1h downsampled blocks.
if (args.Length > 0 && args[0] == "downsampling")
{
    await Nines.Benchmarks.Query.DownsampledQueries.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ChunkBenchmarks).Assembly).Run(args);
