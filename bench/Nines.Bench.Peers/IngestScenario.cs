using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Nines.Bench.Peers;

/// <summary>
/// Remote-write ingest, same pre-generated payloads for every peer: <c>targets</c> × 1,000 active
/// series, <c>rounds</c> scrapes 15 s apart, 2,000 samples per request (Prometheus'
/// max_samples_per_send), <c>senders</c> concurrent connections. Each series belongs to one sender,
/// which sends it in time order, as a Prometheus shard does, so no peer sees out-of-order samples.
/// Round 0 creates the series; rounds 1.. are the steady state the ratio is taken on.
/// </summary>
internal static class IngestScenario
{
    public sealed record Result(string Peer, int Series, long SteadySamples, double SteadySeconds, double FirstRoundSeconds, double CpuSecondsPerMillion, double BytesPerSeries, long Failures, long Retries);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        Console.WriteLine($"# remote-write ingest: {options.Targets * 1000} series, {options.Rounds} rounds, {options.BatchSize} samples/request, {options.Senders} senders; peers: {string.Join(", ", options.Peers)}");
        var sw = Stopwatch.StartNew();
        var payloads = Generate(options);
        Console.WriteLine($"# generated {payloads.Length}×{payloads[0].Length} payloads ({payloads.Sum(r => r.Sum(p => (long)p.Length)) / 1e6:F1} MB snappy) in {sw.Elapsed.TotalSeconds:F1} s");

        var results = new List<Result>();
        foreach (var name in options.Peers)
        {
            for (var repeat = 0; repeat < options.Repeats; repeat++)
            {
                results.Add(await RunPeerAsync(name, options, payloads));
                var r = results[^1];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {r.Peer}: {r.SteadySamples / r.SteadySeconds:N0} samples/s steady, first round {r.FirstRoundSeconds:F2} s, {r.CpuSecondsPerMillion:F2} CPU-s/M samples, {r.BytesPerSeries:F0} B RSS/series, failures {r.Failures}, retries {r.Retries}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| peer | samples/s (steady) | ratio Nines/peer | new-series round (s) | CPU-s per M samples | RSS bytes per active series | failed requests |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var nines = Best(results, "nines");
        foreach (var name in options.Peers)
        {
            var best = Best(results, name);
            if (best is null)
            {
                continue;
            }

            var rate = best.SteadySamples / best.SteadySeconds;
            var ratio = nines is null ? "" : ((nines.SteadySamples / nines.SteadySeconds) / rate).ToString("F2", CultureInfo.InvariantCulture) + "×";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:N0} | {ratio} | {best.FirstRoundSeconds:F2} | {best.CpuSecondsPerMillion:F2} | {best.BytesPerSeries:F0} | {best.Failures} |"));
        }

        return results.Any(r => r.Failures > 0) ? 1 : 0;
    }

    private static Result? Best(List<Result> results, string peer)
    {
        Result? best = null;
        foreach (var r in results)
        {
            if (r.Peer == peer && (best is null || r.SteadySamples / r.SteadySeconds > best.SteadySamples / best.SteadySeconds))
            {
                best = r;
            }
        }

        return best;
    }

    private static byte[][][] Generate(Options options)
    {
        var workload = new Workload(options.Targets);
        var random = new Random(7);
        var encoder = new RemoteWriteEncoder();
        var series = workload.Series;
        var blocks = (series.Length + options.BatchSize - 1) / options.BatchSize;
        var payloads = new byte[options.Rounds][][];
        var start = ((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 15_000) - options.Rounds) * 15_000;
        for (var round = 0; round < options.Rounds; round++)
        {
            var values = workload.Next(random);
            payloads[round] = new byte[blocks][];
            for (var b = 0; b < blocks; b++)
            {
                encoder.Reset();
                var end = Math.Min(series.Length, (b + 1) * options.BatchSize);
                for (var s = b * options.BatchSize; s < end; s++)
                {
                    // Each target is scraped at its own offset with a few ms of jitter, as a scraper's would be.
                    var target = s / workload.PerTarget;
                    var ts = start + (round * 15_000L) + ((target * 131) % 10_000) + random.Next(0, 5);
                    encoder.AddSeries(series[s], ts, values[s]);
                }

                payloads[round][b] = Snappier.Snappy.CompressToArray(encoder.Written);
            }
        }

        return payloads;
    }

    private static async Task<Result> RunPeerAsync(string name, Options options, byte[][][] payloads)
    {
        await using var peer = Peer.Start(name, name == "nines-baseline" ? options.BaselineDll! : options.NinesDll);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Senders, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromMinutes(2) };
        await peer.WaitReadyAsync(client);
        await Task.Delay(1000);
        var rssBefore = peer.RssBytes();
        var cpuBefore = peer.CpuSeconds();
        var uri = new Uri(peer.BaseUri, "/api/v1/write");
        long failures = 0, retries = 0;

        var first = Stopwatch.StartNew();
        await SendRoundsAsync(client, uri, peer.Token, payloads, 0, 1, options.Senders, () => Interlocked.Increment(ref failures), () => Interlocked.Increment(ref retries));
        first.Stop();
        var cpuAfterFirst = peer.CpuSeconds();

        var steady = Stopwatch.StartNew();
        await SendRoundsAsync(client, uri, peer.Token, payloads, 1, payloads.Length, options.Senders, () => Interlocked.Increment(ref failures), () => Interlocked.Increment(ref retries));
        steady.Stop();
        var cpuAfter = peer.CpuSeconds();
        var rssAfter = peer.RssBytes();

        var seriesCount = options.Targets * 1000;
        var steadySamples = (long)seriesCount * (payloads.Length - 1);
        return new Result(name, seriesCount, steadySamples, steady.Elapsed.TotalSeconds, first.Elapsed.TotalSeconds,
            (cpuAfter - cpuAfterFirst) / (steadySamples / 1e6), (double)(rssAfter - rssBefore) / seriesCount, failures, retries);
    }

    private static async Task SendRoundsAsync(HttpClient client, Uri uri, string? token, byte[][][] payloads, int fromRound, int toRound, int senders, Action fail, Action retry)
    {
        var tasks = new Task[senders];
        for (var k = 0; k < senders; k++)
        {
            var sender = k;
            tasks[k] = Task.Run(async () =>
            {
                for (var round = fromRound; round < toRound; round++)
                {
                    var blocks = payloads[round];
                    for (var b = sender; b < blocks.Length; b += senders)
                    {
                        await SendAsync(client, uri, token, blocks[b], fail, retry);
                    }
                }
            });
        }

        await Task.WhenAll(tasks);
    }

    private static async Task SendAsync(HttpClient client, Uri uri, string? token, byte[] payload, Action fail, Action retry)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            content.Headers.ContentEncoding.Add("snappy");
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                retry();
                await Task.Delay(50);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            Console.Error.WriteLine($"{uri.Authority}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
            fail();
            return;
        }

        fail();
    }

    private sealed record Options(int Targets, int Rounds, int BatchSize, int Senders, int Repeats, string[] Peers, string NinesDll, string? BaselineDll)
    {
        public static Options Parse(string[] args)
        {
            int targets = 100, rounds = 20, batch = 2000, senders = 4, repeats = 1;
            string[] peers = ["nines", "victoria-metrics", "prometheus"];
            var dll = Path.GetFullPath("src/Nines/bin/Release/net10.0/nines.dll");
            string? baseline = null;
            for (var i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--series": targets = int.Parse(args[++i], CultureInfo.InvariantCulture) / 1000; break;
                    case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--senders": senders = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--peers": peers = args[++i].Split(','); break;
                    case "--nines": dll = Path.GetFullPath(args[++i]); break;
                    case "--baseline": baseline = Path.GetFullPath(args[++i]); break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }

            if (peers.Contains("nines") && !File.Exists(dll))
            {
                throw new FileNotFoundException($"nines.dll not found at {dll}; build it with `dotnet build src/Nines -c Release` or pass --nines PATH");
            }

            // Another Nines build (say, main's) as one more peer of the same run, right after nines.
            if (baseline is not null && !peers.Contains("nines-baseline"))
            {
                var at = Array.IndexOf(peers, "nines");
                peers = [.. peers[..(at + 1)], "nines-baseline", .. peers[(at + 1)..]];
            }

            if (peers.Contains("nines-baseline") && (baseline is null || !File.Exists(baseline)))
            {
                throw new FileNotFoundException($"peer nines-baseline needs --baseline PATH/nines.dll (not found: {baseline})");
            }

            return new Options(targets, rounds, batch, senders, repeats, peers, dll, baseline);
        }
    }
}
