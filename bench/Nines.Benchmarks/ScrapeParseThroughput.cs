using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Benchmarks;

/// <summary>
/// `scrape-parse [series] [seconds]`: samples per second through the exposition parser on a
/// realistic body (families of counters and histograms with 4 labels, HELP/TYPE lines, ~70 bytes a
/// line), in three depths: lines validated only; plus label strings materialised (interned); and
/// the whole per-target scrape path in steady state (cache hits, target labels, staleness tracking).
/// </summary>
internal static class ScrapeParseThroughput
{
    public static void Run(string[] args)
    {
        var series = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            var body = Build(series, format);
            var config = new ScrapeConfig { JobName = "bench" };
            var target = ScrapeTarget.Create(config, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), [], "10.0.0.1:9100", [])!;
            var appender = new ScrapeAppender(target, config, []);
            var output = new List<ScrapeSample>(series + 16);
            var interner = new LabelInterner();
            var labels = new List<Label>(16);
            var timestamp = 1_700_000_000_000L;

            Measure(format, "validate lines", body, seconds, () =>
            {
                var parser = new ExpositionParser(body, format);
                var n = 0;
                while (parser.Next() != ExpositionEntry.End)
                {
                    n++;
                }

                return n;
            });
            Measure(format, "+ label strings", body, seconds, () =>
            {
                var parser = new ExpositionParser(body, format);
                var n = 0;
                ExpositionEntry e;
                while ((e = parser.Next()) != ExpositionEntry.End)
                {
                    if (e == ExpositionEntry.Series)
                    {
                        labels.Clear();
                        parser.ReadLabels(interner, labels);
                        n++;
                    }
                }

                return n;
            });
            Measure(format, "full scrape path", body, seconds, () =>
            {
                output.Clear();
                timestamp += 15_000;
                var report = appender.Append(body, format, timestamp, output);
                return report.Error is null ? report.Scraped : throw new InvalidOperationException(report.Error);
            });
        }
    }

    private static void Measure(ExpositionFormat format, string what, byte[] body, double seconds, Func<int> scrape)
    {
        scrape();
        scrape();
        var samples = 0L;
        var runs = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            samples += scrape();
            runs++;
        }

        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var rate = samples / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(format == ExpositionFormat.OpenMetrics ? "OpenMetrics" : "text 0.0.4")} | {what} | {samples / runs} | {rate / 1e6:F2} M | {(double)body.Length * runs / watch.Elapsed.TotalSeconds / (1 << 20):F0} | {allocated / runs} |"));
    }

    private static byte[] Build(int series, ExpositionFormat format)
    {
        var random = new Random(7);
        var sb = new StringBuilder(series * 80);
        string[] methods = ["GET", "POST", "PUT", "DELETE"];
        string[] codes = ["200", "201", "404", "500"];
        var written = 0;
        for (var family = 0; written < series; family++)
        {
            var histogram = family % 4 == 3;
            var name = histogram ? $"app_request_duration_seconds_{family}" : $"app_requests_{family}";
            sb.Append("# HELP ").Append(name).Append(" Requests handled, by method, path and code.\n");
            sb.Append("# TYPE ").Append(name).Append(histogram ? " histogram\n" : " counter\n");
            for (var i = 0; i < 50 && written < series; i++)
            {
                var labels = $"method=\"{methods[i % 4]}\",path=\"/api/v1/items/{i % 13}\",code=\"{codes[(i / 4) % 4]}\"";
                if (histogram)
                {
                    foreach (var le in new[] { "0.005", "0.01", "0.05", "0.1", "0.5", "1", "+Inf" })
                    {
                        sb.Append(name).Append("_bucket{").Append(labels).Append(",le=\"").Append(le).Append("\"} ")
                            .Append(random.Next(100_000).ToString(CultureInfo.InvariantCulture)).Append('\n');
                        written++;
                    }

                    sb.Append(name).Append("_sum{").Append(labels).Append("} ").Append((random.NextDouble() * 1000).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                    sb.Append(name).Append("_count{").Append(labels).Append("} ").Append(random.Next(100_000).ToString(CultureInfo.InvariantCulture)).Append('\n');
                    written += 2;
                }
                else
                {
                    sb.Append(name).Append(format == ExpositionFormat.OpenMetrics ? "_total{" : "{").Append(labels).Append("} ")
                        .Append(random.Next(10_000_000).ToString(CultureInfo.InvariantCulture)).Append('\n');
                    written++;
                }
            }
        }

        if (format == ExpositionFormat.OpenMetrics)
        {
            sb.Append("# EOF\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
