using Nines.Metrics.Blocks;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;

namespace Nines.Bench.Peers;

/// <summary>
/// The query benchmark's data set, written once as Prometheus-format blocks (XOR chunks, v2 index;
/// the format promtool and Prometheus read) and copied into both engines' data directories, so both
/// read the same bytes. <c>http_requests_total</c>: 10 jobs × 25 instances × 10 paths × 4
/// method/status pairs = 10,000 counters; <c>http_request_duration_seconds</c>: 10 jobs × 25
/// instances × 4 paths = 1,000 classic histograms of 10 buckets plus +Inf, <c>_sum</c> and
/// <c>_count</c>. Samples every <c>scrape</c> on aligned timestamps, one block per day.
/// </summary>
internal static class QueryData
{
    public const int Jobs = 10;
    public const int InstancesPerJob = 25;
    public static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly string[] Paths = ["/", "/api/orders", "/api/users", "/api/cart", "/api/search", "/login", "/logout", "/static", "/health", "/metrics"];
    private static readonly (string Method, string Status)[] Codes = [("GET", "200"), ("GET", "500"), ("POST", "200"), ("POST", "500")];

    /// <summary>Writes blocks covering [end - days, end) into <paramref name="directory"/>; returns (series, samples).</summary>
    public static (int Series, long Samples) Write(string directory, long endMs, int days, long scrapeMs)
    {
        Directory.CreateDirectory(directory);
        var series = BuildSeries();
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            for (var i = 0; i < s.Labels.Count; i++)
            {
                symbols.Add(s.Labels.NameAt(i));
                symbols.Add(s.Labels.ValueAt(i));
            }
        }

        // Per-histogram state is shared by its bucket, _sum and _count series, which are written
        // at different places in label order: the increments per scrape are therefore a pure
        // function of (histogram, scrape), and each series keeps only its own running total.
        var totals = new double[series.Length];
        const long day = 86_400_000;
        long samples = 0;
        for (var d = days; d > 0; d--)
        {
            var mint = endMs - (d * day);
            var maxt = mint + day;
            using var writer = new BlockWriter(PhysicalFileSystem.Instance, directory, TimeProvider.System, symbols);
            for (var i = 0; i < series.Length; i++)
            {
                var s = series[i];
                writer.StartSeries(s.Labels);
                for (var t = mint; t < maxt; t += scrapeMs)
                {
                    totals[i] += s.Increment(t / scrapeMs);
                    writer.Add(t, totals[i]);
                }

                writer.EndSeries();
            }

            samples += writer.Samples;
            writer.Commit(mint, maxt, level: 1, sources: null);
        }

        return (series.Length, samples);
    }

    private static Series[] BuildSeries()
    {
        var list = new List<Series>();
        var h = 0;
        for (var j = 0; j < Jobs; j++)
        {
            for (var k = 0; k < InstancesPerJob; k++)
            {
                var job = "svc-" + j;
                var instance = $"10.0.{j}.{k}:8080";
                foreach (var path in Paths)
                {
                    foreach (var (method, status) in Codes)
                    {
                        var id = list.Count;
                        var rate = status == "500" ? 1 + (id % 3) : 5 + (id % 40);
                        list.Add(new Series(LabelSet.FromStrings("__name__", "http_requests_total", "job", job, "instance", instance, "path", path, "method", method, "status", status), id, rate, -1));
                    }
                }

                for (var p = 0; p < 4; p++)
                {
                    var hist = h++;
                    for (var b = 0; b <= Buckets.Length; b++)
                    {
                        var le = b < Buckets.Length ? Buckets[b].ToString(System.Globalization.CultureInfo.InvariantCulture) : "+Inf";
                        list.Add(new Series(LabelSet.FromStrings("__name__", "http_request_duration_seconds_bucket", "job", job, "instance", instance, "path", Paths[p], "le", le), hist, 0, b));
                    }

                    list.Add(new Series(LabelSet.FromStrings("__name__", "http_request_duration_seconds_sum", "job", job, "instance", instance, "path", Paths[p]), hist, 0, -2));
                    list.Add(new Series(LabelSet.FromStrings("__name__", "http_request_duration_seconds_count", "job", job, "instance", instance, "path", Paths[p]), hist, 0, Buckets.Length));
                }
            }
        }

        var result = list.ToArray();
        Array.Sort(result, static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    /// <summary>A counter (Bucket -1), a histogram bucket (index into Buckets, Buckets.Length = +Inf and _count) or a histogram _sum (-2).</summary>
    private sealed record Series(LabelSet Labels, int Id, int Rate, int Bucket)
    {
        public double Increment(long scrape)
        {
            var x = Mix((ulong)Id, (ulong)scrape);
            if (Bucket == -1)
            {
                return x % (ulong)(2 * Rate);
            }

            // Requests this scrape and the histogram's latency scale (50 ms .. 1 s, varying per scrape).
            var requests = (int)(x % 40);
            var scale = 0.05 + (((x >> 8) % 1000) / 1000.0 * (0.05 + (Id % 20 * 0.05)));
            if (Bucket == -2)
            {
                return Math.Round(requests * scale, 6);
            }

            if (Bucket >= Buckets.Length)
            {
                return requests;
            }

            return Math.Floor(requests * (1 - Math.Exp(-Buckets[Bucket] / scale)));
        }

        private static ulong Mix(ulong a, ulong b)
        {
            var z = (a * 0x9E3779B97F4A7C15UL) ^ (b + 0xBF58476D1CE4E5B9UL + (a << 6));
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
