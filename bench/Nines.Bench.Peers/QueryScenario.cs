using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Nines.Bench.Peers;

/// <summary>
/// Dashboard and rule queries, Nines against Prometheus on the same blocks in the same run (see
/// <see cref="QueryData"/>). Both servers run side by side; every case (query × range) is run once
/// on each as warm-up, then <c>runs</c> times alternating between the two, timed from the request to
/// the last byte of the response. Ranges end at the end of the data; the step is Grafana's
/// (range / 250, at least the scrape interval) and <c>$__rate_interval</c> is Grafana's
/// max(step + scrape, 4 × scrape). Peak RSS is the kernel's high-water mark over the measured phase;
/// server CPU time per query (utime + stime, 10 ms ticks) is reported too, as it is steadier than
/// latency on a shared machine.
/// </summary>
internal static class QueryScenario
{
    private static readonly (string Name, string Expr)[] Queries =
    [
        ("rate, sum by job (10k series)", "sum by (job) (rate(http_requests_total[$r]))"),
        ("error ratio by job", "sum by (job) (rate(http_requests_total{status=\"500\"}[$r])) / sum by (job) (rate(http_requests_total[$r]))"),
        ("histogram_quantile by job, le (1k histograms)", "histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[$r])))"),
        ("histogram_quantile per histogram", "histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[$r]))"),
        ("topk instances", "topk(5, sum by (instance) (rate(http_requests_total[$r])))"),
        ("subquery max_over_time [1h:5m]", "max_over_time(sum by (job) (rate(http_requests_total[5m]))[1h:5m])"),
    ];

    private static readonly (string Name, long Ms)[] Ranges = [("instant", 0), ("1h", 3_600_000), ("24h", 86_400_000), ("7d", 604_800_000)];

    private sealed record Case(string Query, string Range, string Expr, long Start, long End, long StepMs);

    private sealed record Timing(List<double> Ms, int Series, string? Error)
    {
        /// <summary>Server CPU seconds (user + system) over the measured runs.</summary>
        public double CpuSeconds { get; set; }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var data = PrepareData(options);
        var cases = BuildCases(options, data.EndMs);
        Console.WriteLine($"# query benchmark: {data.Series:N0} series, {data.Samples:N0} samples over {options.Days} d at {options.ScrapeSeconds} s; {cases.Count} cases × {options.Runs} runs; peers: {string.Join(", ", options.Peers)}");

        var peers = new List<Peer>();
        try
        {
            foreach (var name in options.Peers)
            {
                var target = name == "prometheus" ? "data" : Path.Combine("metrics", "default");
                peers.Add(Peer.Start(name, options.NinesDll, dir => CopyBlocks(data.Directory, Path.Combine(dir, target))));
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var sw = Stopwatch.StartNew();
            foreach (var peer in peers)
            {
                // Opening 7 days of blocks (Nines verifies every chunk's checksum) takes a while on a busy machine.
                await peer.WaitReadyAsync(client, TimeSpan.FromMinutes(5));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {peer.Name} ready after {sw.Elapsed.TotalSeconds:F1} s, RSS {peer.RssBytes() / 1e6:F0} MB"));
            }

            // Warm-up: every case once on every peer (page cache, JIT, caches), results compared.
            var results = new Dictionary<(string Peer, Case Case), Timing>();
            foreach (var c in cases)
            {
                var line = $"# warm-up {c.Query}, {c.Range}:";
                foreach (var peer in peers)
                {
                    var (ms, series, error) = await RunOnceAsync(client, peer, c);
                    results[(peer.Name, c)] = new Timing([], series, error);
                    line += string.Create(CultureInfo.InvariantCulture, $" {peer.Name} {ms:F0} ms ({series} series)");
                    if (error is not null)
                    {
                        Console.Error.WriteLine($"# {peer.Name} {c.Query} {c.Range}: {error}");
                    }
                }

                Console.WriteLine(line);

                var counts = peers.Select(p => results[(p.Name, c)].Series).Distinct().Count();
                if (counts > 1)
                {
                    Console.Error.WriteLine($"# MISMATCH {c.Query} {c.Range}: series " + string.Join(" vs ", peers.Select(p => $"{p.Name} {results[(p.Name, c)].Series}")));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# warm-up done after {sw.Elapsed.TotalSeconds:F1} s; {string.Join(", ", peers.Select(p => $"{p.Name} RSS {p.RssBytes() / 1e6:F0} MB"))}"));
            var peakReset = peers.All(p => p.ResetPeakRss());
            var peakPolled = peers.ToDictionary(p => p.Name, p => p.RssBytes());
            using var polling = new CancellationTokenSource();
            var poller = Task.Run(async () =>
            {
                while (!polling.IsCancellationRequested)
                {
                    foreach (var p in peers)
                    {
                        peakPolled[p.Name] = Math.Max(peakPolled[p.Name], p.RssBytes());
                    }

                    try
                    {
                        await Task.Delay(20, polling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });

            var measured = Stopwatch.StartNew();
            foreach (var c in cases)
            {
                for (var run = 0; run < options.Runs; run++)
                {
                    // Alternate which peer goes first so neither always runs on the other's leftovers.
                    for (var k = 0; k < peers.Count; k++)
                    {
                        var peer = peers[(run + k) % peers.Count];
                        var cpu = peer.CpuSeconds();
                        var (ms, _, error) = await RunOnceAsync(client, peer, c);
                        if (error is null)
                        {
                            results[(peer.Name, c)].Ms.Add(ms);
                            results[(peer.Name, c)].CpuSeconds += peer.CpuSeconds() - cpu;
                        }
                    }
                }
            }

            await polling.CancelAsync();
            await poller;
            var peaks = peers.ToDictionary(p => p.Name, p => peakReset ? Math.Max(p.PeakRssBytes(), peakPolled[p.Name]) : peakPolled[p.Name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# measured phase {measured.Elapsed.TotalSeconds:F1} s; peak RSS ({(peakReset ? "VmHWM after reset" : "polled every 20 ms")}): {string.Join(", ", peers.Select(p => $"{p.Name} {peaks[p.Name] / 1e6:F0} MB"))}"));
            Console.WriteLine();
            PrintTable(options, cases, results, peers.Select(p => p.Name).ToArray(), peaks);
            return results.Values.Any(r => r.Error is not null) ? 1 : 0;
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    private static void PrintTable(Options options, List<Case> cases, Dictionary<(string Peer, Case Case), Timing> results, string[] peers, Dictionary<string, long> peaks)
    {
        var a = peers[0];
        var b = peers.Length > 1 ? peers[1] : null;
        Console.WriteLine($"| query | range | step | series | {a} median ms | {b} median ms | ratio | {a} p99 ms | {b} p99 ms | ratio | {a} CPU ms | {b} CPU ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var medianRatios = new List<double>();
        var p99Ratios = new List<double>();
        var metMedian = 0;
        var metP99 = 0;
        var allA = new List<double>();
        var allB = new List<double>();
        foreach (var c in cases)
        {
            var ra = results[(a, c)];
            var ma = Percentile(ra.Ms, 0.5);
            var pa = Percentile(ra.Ms, 0.99);
            allA.AddRange(ra.Ms);
            string mb = "", pb = "", rm = "", rp = "", cb = "";
            if (b is not null)
            {
                var rb = results[(b, c)];
                allB.AddRange(rb.Ms);
                var medianB = Percentile(rb.Ms, 0.5);
                var p99B = Percentile(rb.Ms, 0.99);
                mb = F(medianB);
                pb = F(p99B);
                medianRatios.Add(ma / medianB);
                p99Ratios.Add(pa / p99B);
                metMedian += ma <= 0.7 * medianB ? 1 : 0;
                metP99 += pa <= p99B ? 1 : 0;
                rm = (ma / medianB).ToString("F2", CultureInfo.InvariantCulture) + "×";
                rp = (pa / p99B).ToString("F2", CultureInfo.InvariantCulture) + "×";
                cb = F(rb.CpuSeconds * 1000 / Math.Max(1, rb.Ms.Count));
            }

            var ca = F(ra.CpuSeconds * 1000 / Math.Max(1, ra.Ms.Count));

            var step = c.StepMs == 0 ? "—" : (c.StepMs / 1000).ToString(CultureInfo.InvariantCulture) + " s";
            Console.WriteLine($"| {c.Query} | {c.Range} | {step} | {ra.Series} | {F(ma)} | {mb} | {rm} | {F(pa)} | {pb} | {rp} | {ca} | {cb} |");
        }

        Console.WriteLine();
        if (b is null)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overall ({cases.Count} cases, {options.Runs} runs each; p99 of ≤ 100 runs is the slowest run):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- geometric mean of per-case ratios {a}/{b}: median {GeoMean(medianRatios):F2}× (target ≤ 0.70×), p99 {GeoMean(p99Ratios):F2}× (target ≤ 1.00×)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- cases meeting the target: median {metMedian}/{cases.Count}, p99 {metP99}/{cases.Count}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- all runs pooled: {a} median {F(Percentile(allA, 0.5))} ms, p99 {F(Percentile(allA, 0.99))} ms; {b} median {F(Percentile(allB, 0.5))} ms, p99 {F(Percentile(allB, 0.99))} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- peak RSS during the measured phase: {a} {peaks[a] / 1e6:F0} MB, {b} {peaks[b] / 1e6:F0} MB"));
    }

    private static string F(double ms) => ms.ToString(ms < 10 ? "F2" : ms < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static double GeoMean(List<double> values) => values.Count == 0 ? double.NaN : Math.Exp(values.Sum(Math.Log) / values.Count);

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static List<Case> BuildCases(Options options, long endMs)
    {
        var scrape = options.ScrapeSeconds * 1000L;
        var cases = new List<Case>();
        foreach (var (query, expr) in Queries)
        {
            foreach (var (range, ms) in Ranges)
            {
                if (!options.Ranges.Contains(range))
                {
                    continue;
                }

                var step = ms == 0 ? 0 : Math.Max(scrape, ms / 250 / 1000 * 1000);
                var rateInterval = Math.Max(step + scrape, 4 * scrape);

                // An instant query is a rule evaluation: Grafana's rate interval does not apply.
                var window = ms == 0 ? 4 * scrape : rateInterval;
                var e = expr.Replace("$r", (window / 1000).ToString(CultureInfo.InvariantCulture) + "s", StringComparison.Ordinal);
                cases.Add(new Case(query, range, e, endMs - ms, endMs, step));
            }
        }

        return cases;
    }

    private static async Task<(double Ms, int Series, string? Error)> RunOnceAsync(HttpClient client, Peer peer, Case c)
    {
        var path = c.StepMs == 0
            ? $"/api/v1/query?query={Uri.EscapeDataString(c.Expr)}&time={Seconds(c.End)}"
            : $"/api/v1/query_range?query={Uri.EscapeDataString(c.Expr)}&start={Seconds(c.Start)}&end={Seconds(c.End)}&step={c.StepMs / 1000}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(peer.BaseUri, path));
        if (peer.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", peer.Token);
        }

        var sw = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            return (ms, -1, $"{(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(300, body.Length)))}");
        }

        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return (ms, result.ValueKind == JsonValueKind.Array ? result.GetArrayLength() : 1, null);
    }

    private static string Seconds(long ms) => (ms / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private sealed record Data(string Directory, long EndMs, int Series, long Samples);

    /// <summary>Generates the blocks once per (days, scrape) under /tmp and reuses them on later runs.</summary>
    private static Data PrepareData(Options options)
    {
        var dir = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"nines-querybench-{options.Days}d-{options.ScrapeSeconds}s");
        var marker = Path.Combine(dir, "querybench.txt");
        if (File.Exists(marker))
        {
            var parts = File.ReadAllText(marker).Split(' ');
            var cached = new Data(Path.Combine(dir, "blocks"), long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            Console.WriteLine($"# reusing the data set in {dir}");
            return cached;
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        const long day = 86_400_000;
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / day * day;
        var sw = Stopwatch.StartNew();
        var (series, samples) = QueryData.Write(Path.Combine(dir, "blocks"), end, options.Days, options.ScrapeSeconds * 1000L);
        File.WriteAllText(marker, string.Create(CultureInfo.InvariantCulture, $"{end} {series} {samples}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# generated {series:N0} series, {samples:N0} samples in {sw.Elapsed.TotalSeconds:F1} s into {dir}"));
        return new Data(Path.Combine(dir, "blocks"), end, series, samples);
    }

    private static void CopyBlocks(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed record Options(int Days, int ScrapeSeconds, int Runs, string[] Ranges, string[] Peers, string NinesDll, string? DataDirectory)
    {
        public static Options Parse(string[] args)
        {
            int days = 7, scrape = 60, runs = 5;
            string[] ranges = ["instant", "1h", "24h", "7d"];
            string[] peers = ["nines", "prometheus"];
            string? data = null;
            var dll = Path.GetFullPath("src/Nines/bin/Release/net10.0/nines.dll");
            for (var i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--scrape": scrape = int.Parse(args[++i].TrimEnd('s'), CultureInfo.InvariantCulture); break;
                    case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--ranges": ranges = args[++i].Split(','); break;
                    case "--peers": peers = args[++i].Split(','); break;
                    case "--data": data = Path.GetFullPath(args[++i]); break;
                    case "--nines": dll = Path.GetFullPath(args[++i]); break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }

            if (peers.Contains("nines") && !File.Exists(dll))
            {
                throw new FileNotFoundException($"nines.dll not found at {dll}; build it with `dotnet build src/Nines -c Release` or pass --nines PATH");
            }

            return new Options(days, scrape, runs, ranges, peers, dll, data);
        }
    }
}
