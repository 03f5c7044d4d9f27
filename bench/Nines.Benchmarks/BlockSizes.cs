using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nines.Metrics.Storage;

namespace Nines.Benchmarks;

/// <summary>
/// <c>blocks [targets] [hours] [jitterMs] [dir]</c>: ingests the fleet workload through
/// <see cref="MetricsStorage"/> (WAL, head, persisted 2 h blocks, compaction to 6 h), then prints
/// block bytes per sample; writes the same block-range samples as OpenMetrics and has
/// <c>promtool tsdb create-blocks-from openmetrics</c> build Prometheus blocks for comparison.
/// </summary>
internal static class BlockSizes
{
    public static async Task RunAsync(string[] args)
    {
        var targets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var hours = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 12;
        var jitter = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        var root = args.Length > 4 ? args[4] : Path.Combine(Path.GetTempPath(), "nines-blocksizes-" + Guid.NewGuid().ToString("N"));
        var ours = Path.Combine(root, "nines");
        var fleet = new FleetData(targets, jitter);
        var n = fleet.Series.Length;
        var ts = new long[n];
        var vs = new double[n];
        var start = 1_700_000_000_000L - (1_700_000_000_000L % (2 * 3_600_000L)) + 60_000;
        var scrapes = hours * 240;
        var options = new MetricsStorageOptions
        {
            MaintenanceInterval = TimeSpan.Zero,
            MaxBlockRange = TimeSpan.FromHours(6),
            Retention = TimeSpan.Zero,
        };

        Directory.CreateDirectory(root);
        var allT = new long[n][];
        var allV = new double[n][];
        for (var i = 0; i < n; i++)
        {
            allT[i] = new long[scrapes];
            allV[i] = new double[scrapes];
        }

        var clock = Stopwatch.StartNew();
        long blockSamples;
        long blockBytes;
        long chunkBytes;
        long blockMax;
        await using (var storage = await MetricsStorage.OpenAsync(ours, options))
        {
            var batch = new MetricsBatch();
            for (var k = 0; k < scrapes; k++)
            {
                fleet.Scrape(start + (k * 15_000L), ts, vs);
                batch.Clear();
                for (var i = 0; i < n; i++)
                {
                    batch.Add(fleet.Series[i], ts[i], vs[i]);
                    allT[i][k] = ts[i];
                    allV[i][k] = vs[i];
                }

                await storage.AppendAsync(batch);
                if (k % 240 == 239)
                {
                    await storage.RunMaintenanceAsync();
                }
            }

            await storage.RunMaintenanceAsync();
            blockSamples = storage.Blocks.Sum(b => b.Samples);
            blockBytes = storage.Blocks.Sum(b => b.SizeBytes);
            blockMax = storage.Blocks[^1].MaxTime;
            chunkBytes = storage.Blocks.Sum(b => new DirectoryInfo(Path.Combine(ours, b.Ulid, "chunks")).EnumerateFiles().Sum(f => f.Length));
            foreach (var b in storage.Blocks)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"block [{(b.MinTime - start) / 3_600_000.0:F2}h, {(b.MaxTime - start) / 3_600_000.0:F2}h) level {b.Level}{(b.Level > 1 && options.DenseCompactedBlocks ? " dense" : " XOR")}: {b.Samples} samples, {b.SizeBytes} bytes, {(double)b.SizeBytes / b.Samples:F3} bytes/sample"));
            }
        }

        var om = new StreamWriter(Path.Combine(root, "samples.om"), false, new UTF8Encoding(false), 1 << 20);

        // Only the samples our blocks hold go to promtool: both sides store the same samples.
        for (var i = 0; i < n; i++)
        {
            var labels = fleet.Series[i];
            var sb = new StringBuilder(labels.MetricName).Append('{');
            for (var l = 0; l < labels.Count; l++)
            {
                if (labels.NameAt(l) == "__name__")
                {
                    continue;
                }

                sb.Append(labels.NameAt(l)).Append("=\"").Append(labels.ValueAt(l)).Append("\",");
            }

            sb.Length--;
            sb.Append("} ");
            var prefix = sb.ToString();
            for (var k = 0; k < scrapes; k++)
            {
                if (allT[i][k] < blockMax)
                {
                    om.Write(prefix);
                    om.Write(allV[i][k].ToString("R", CultureInfo.InvariantCulture));
                    om.Write(' ');
                    om.Write((allT[i][k] / 1000).ToString(CultureInfo.InvariantCulture));
                    om.Write('.');
                    om.Write((allT[i][k] % 1000).ToString("D3", CultureInfo.InvariantCulture));
                    om.Write('\n');
                }
            }
        }

        om.Write("# EOF\n");
        await om.DisposeAsync();

        var promDir = Path.Combine(root, "prometheus");
        var promtool = Process.Start(new ProcessStartInfo("promtool", ["tsdb", "create-blocks-from", "openmetrics", "-q", Path.Combine(root, "samples.om"), promDir]) { RedirectStandardOutput = true })!;
        await promtool.StandardOutput.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        var promBytes = new DirectoryInfo(promDir).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => !f.FullName.Contains("/wal", StringComparison.Ordinal)).Sum(f => f.Length);
        var promChunks = new DirectoryInfo(promDir).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Directory!.Name == "chunks").Sum(f => f.Length);
        var promBlocks = Directory.GetDirectories(promDir).Length;

        Console.WriteLine($"workload: {targets} targets x {FleetData.SeriesPerTarget} series = {n} series, {hours} h at 15 s, jitter ±{jitter} ms; {clock.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine("| store | blocks | samples | bytes | bytes/sample | chunk bytes/sample |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Nines (2 h blocks compacted to 6 h) | - | {blockSamples} | {blockBytes} | {(double)blockBytes / blockSamples:F3} | {(double)chunkBytes / blockSamples:F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| promtool 2.42 create-blocks-from (2 h blocks) | {promBlocks} | {blockSamples} | {promBytes} | {(double)promBytes / blockSamples:F3} | {(double)promChunks / blockSamples:F3} |"));
        Console.WriteLine($"data left in {root}");
    }
}
