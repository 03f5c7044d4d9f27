using System.Globalization;

namespace Nines.Bench.Peers;

/// <summary>
/// A realistic estate: targets that each expose about 1,000 series of the shapes node_exporter and
/// an instrumented HTTP service expose (counters with cpu/mode, requests by method/path/status,
/// histogram buckets with <c>le</c>, summaries, filesystem gauges, process and Go runtime gauges),
/// every series with <c>job</c> and <c>instance</c>. Sampled every 15 s with a few ms of jitter per
/// target, as a scraper would.
/// </summary>
internal sealed class Workload
{
    private static readonly string[] Modes = ["user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE"];
    private static readonly string[] Statuses = ["200", "201", "404", "500", "503"];
    private static readonly string[] Buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
    private static readonly string[] Quantiles = ["0", "0.25", "0.5", "0.75", "1"];

    private readonly double[] _values;
    private readonly bool[] _counter;

    public Workload(int targets)
    {
        var series = new List<string[]>(targets * 1000);
        var counter = new List<bool>(targets * 1000);
        for (var t = 0; t < targets; t++)
        {
            var job = t % 2 == 0 ? "node" : "checkout-api";
            var instance = string.Create(CultureInfo.InvariantCulture, $"10.{t / 250}.{t % 250}.{(t * 7) % 250}:9100");
            var perTarget = 0;
            void Add(bool isCounter, params string[] labels)
            {
                var all = new string[labels.Length + 5];
                all[0] = "__name__";
                all[1] = labels[0];
                var k = 2;
                var rest = new List<(string, string)> { ("instance", instance), ("job", job) };
                for (var i = 1; i < labels.Length; i += 2)
                {
                    rest.Add((labels[i], labels[i + 1]));
                }

                rest.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
                foreach (var (n, v) in rest)
                {
                    all[k++] = n;
                    all[k++] = v;
                }

                series.Add(all);
                counter.Add(isCounter);
                perTarget++;
            }

            for (var cpu = 0; cpu < 8; cpu++)
            {
                foreach (var mode in Modes)
                {
                    Add(true, "node_cpu_seconds_total", "cpu", cpu.ToString(CultureInfo.InvariantCulture), "mode", mode);
                }
            }

            for (var p = 0; p < 10; p++)
            {
                var path = "/api/v1/" + (p switch { 0 => "orders", 1 => "cart", 2 => "checkout", 3 => "users/{id}", 4 => "search", 5 => "payments", 6 => "inventory", 7 => "shipping", 8 => "login", _ => "health" });
                foreach (var method in Methods)
                {
                    foreach (var status in Statuses)
                    {
                        Add(true, "http_requests_total", "method", method, "path", path, "status", status);
                    }

                    foreach (var le in Buckets)
                    {
                        Add(true, "http_request_duration_seconds_bucket", "le", le, "method", method, "path", path);
                    }

                    Add(true, "http_request_duration_seconds_sum", "method", method, "path", path);
                    Add(true, "http_request_duration_seconds_count", "method", method, "path", path);
                }
            }

            for (var d = 0; d < 4; d++)
            {
                for (var m = 0; m < 4; m++)
                {
                    Add(false, "node_filesystem_avail_bytes", "device", "/dev/nvme0n1p" + d, "fstype", "ext4", "mountpoint", "/mnt/disk" + m);
                }
            }

            foreach (var q in Quantiles)
            {
                Add(false, "go_gc_duration_seconds", "quantile", q);
            }

            for (var g = 0; perTarget < 1000; g++)
            {
                Add(g % 3 == 0, "process_runtime_metric_" + g.ToString(CultureInfo.InvariantCulture) + (g % 3 == 0 ? "_total" : "_bytes"));
            }
        }

        Series = [.. series];
        _counter = [.. counter];
        _values = new double[Series.Length];
        var random = new Random(42);
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _counter[i] ? random.Next(0, 100_000) : random.NextDouble() * 1e9;
        }

        PerTarget = 1000;
    }

    public string[][] Series { get; }

    public int PerTarget { get; }

    /// <summary>Advances every series by one scrape and returns the values.</summary>
    public double[] Next(Random random)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_counter[i])
            {
                _values[i] += random.Next(0, 4) == 0 ? 0 : random.Next(1, 50);
            }
            else
            {
                _values[i] = Math.Round(_values[i] * (1 + ((random.NextDouble() - 0.5) * 0.002)), 1);
            }
        }

        return _values;
    }
}
