namespace Nines.Benchmarks;

/// <summary>Deterministic "realistic" sample streams: 15 s scrapes with jitter, counters and gauges.</summary>
internal static class SampleData
{
    public const long Interval = 15_000;

    /// <summary>Scrape timestamps 15 s apart with ±<paramref name="jitterMs"/> ms jitter (25: a loaded scraper; 0: Prometheus' timestamp alignment).</summary>
    public static long[] Timestamps(Random random, int n, int jitterMs = 25)
    {
        var ts = new long[n];
        var t = 1_700_000_000_000L;
        for (var i = 0; i < n; i++)
        {
            ts[i] = t + random.Next(-jitterMs, jitterMs + 1);
            t += Interval;
        }

        return ts;
    }

    public static double[] Values(string workload, Random random, int n)
    {
        var v = new double[n];
        double x = workload == "counter" ? random.Next(0, 1_000_000) : 50;
        for (var i = 0; i < n; i++)
        {
            switch (workload)
            {
                case "counter":
                    // Requests counter: irregular increments, often zero for quiet series.
                    x += random.Next(4) == 0 ? 0 : random.Next(0, 200);
                    break;
                case "gauge":
                    // Gauge random walk at milli precision (latencies, temperatures, ratios as exported).
                    x = Math.Round(x + ((random.NextDouble() - 0.5) * 2), 3);
                    break;
                case "constant":
                    // Info/config/up series: the value never changes.
                    break;
                default:
                    // Gauge random walk at full double precision: the XOR codec's worst realistic case.
                    x += (random.NextDouble() - 0.5) * 2;
                    break;
            }

            v[i] = x;
        }

        return v;
    }
}
