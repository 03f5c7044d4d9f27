using Nines.Testing.Peers;

namespace Nines.Compat.Tests;

/// <summary>
/// A deterministic stand-in for the PromLabs demo service the compliance corpus expects
/// (github.com/juliusv/prometheus_demo_service): the same metric families and labels, three
/// instances, scraped every 15 s over one hour ending at <see cref="End"/>. Samples are what a
/// scrape-and-remote-write pipeline would deliver: counters that sometimes reset, cumulative
/// histogram buckets, a batch job's last-success timestamp, and an intermittent metric that
/// disappears (a staleness marker at the first scrape without it) and comes back.
/// </summary>
internal sealed partial class DemoGenerator
{
    public const int IntervalMs = 15_000;
    public const int Steps = 241;

    private static readonly string[] Instances = ["demo.promlabs.com:10000", "demo.promlabs.com:10001", "demo.promlabs.com:10002"];
    private static readonly string[] MemoryTypes = ["buffers", "cached", "free", "used"];
    private static readonly string[] CpuModes = ["idle", "system", "user"];
    private static readonly string[] Methods = ["GET", "POST"];
    private static readonly string[] Paths = ["/api/bar", "/api/foo"];
    private static readonly string[] Statuses = ["200", "500"];
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, double.PositiveInfinity];
    private static readonly string[] BucketLabels = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];

    public DemoGenerator(long endMs)
    {
        End = endMs - (endMs % IntervalMs);
        Start = End - ((Steps - 1) * (long)IntervalMs);
    }

    /// <summary>First scrape (ms).</summary>
    public long Start { get; }

    /// <summary>Last scrape (ms), a multiple of 15 s.</summary>
    public long End { get; }

    /// <summary>Remote write payloads in time order, <paramref name="stepsPerPayload"/> scrapes each.</summary>
    public List<RemoteWritePayload> Payloads(int stepsPerPayload = 40)
    {
        var state = new State();
        var payloads = new List<RemoteWritePayload>();
        for (var first = 0; first < Steps; first += stepsPerPayload)
        {
            var payload = new RemoteWritePayload();
            for (var step = first; step < Math.Min(Steps, first + stepsPerPayload); step++)
            {
                Scrape(payload, state, step);
                ScrapeEdgeCases(payload, state.Edge, step);
            }

            payloads.Add(payload);
        }

        return payloads;
    }

    private void Scrape(RemoteWritePayload p, State state, int step)
    {
        var t = Start + (step * (long)IntervalMs);
        for (var i = 0; i < Instances.Length; i++)
        {
            var instance = Instances[i];
            for (var m = 0; m < MemoryTypes.Length; m++)
            {
                var value = Math.Round(((m + 1) * 1.5e9) + (Math.Sin((step + (i * 7)) / 10.0) * 2e7) + (Noise(i, m, step) * 1e6));
                p.Add(["__name__", "demo_memory_usage_bytes", "instance", instance, "job", "demo", "type", MemoryTypes[m]], t, value);
            }

            for (var c = 0; c < CpuModes.Length; c++)
            {
                ref var counter = ref state.Cpu[i, c];
                // A restart of instance i resets its counters once, at a different scrape per instance.
                if (step == 90 + (i * 45))
                {
                    counter = 0;
                }

                counter += (c + 1) * 3.75 * (0.5 + Noise(i, 100 + c, step));
                p.Add(["__name__", "demo_cpu_usage_seconds_total", "instance", instance, "job", "demo", "mode", CpuModes[c]], t, counter);
            }

            p.Add(["__name__", "demo_num_cpus", "instance", instance, "job", "demo"], t, 2 << i);
            p.Add(["__name__", "demo_disk_total_bytes", "instance", instance, "job", "demo"], t, 1e11 * (i + 1));
            state.Disk[i] += 1e5 * (1 + Noise(i, 200, step));
            p.Add(["__name__", "demo_disk_usage_bytes", "instance", instance, "job", "demo"], t, Math.Round(2e10 + state.Disk[i]));

            if (step % 20 == 0)
            {
                state.LastBatch[i] = (t / 1000) - (i * 3);
            }

            p.Add(["__name__", "demo_batch_last_success_timestamp_seconds", "instance", instance, "job", "demo"], t, state.LastBatch[i]);

            // Present for 20 scrapes, gone for 20; the first scrape without it writes a staleness marker.
            var present = (step / 20) % 2 == 0;
            string[] intermittent = ["__name__", "demo_intermittent_metric", "instance", instance, "job", "demo"];
            if (present)
            {
                p.Add(intermittent, t, step + i);
            }
            else if (step % 20 == 0)
            {
                p.Add(intermittent, t, RemoteWritePayload.StaleNaN);
            }

            var h = 0;
            foreach (var method in Methods)
            {
                foreach (var path in Paths)
                {
                    foreach (var status in Statuses)
                    {
                        var requests = (int)(Noise(i, 300 + h, step) * 20);
                        for (var r = 0; r < requests; r++)
                        {
                            var latency = 0.002 + (Math.Pow(Noise(i, 400 + h, (step * 31) + r), 3) * (status == "500" ? 3 : 0.8));
                            state.Sum[i, h] += latency;
                            state.Count[i, h]++;
                            for (var b = 0; b < Buckets.Length; b++)
                            {
                                if (latency <= Buckets[b])
                                {
                                    state.Bucket[i, h, b]++;
                                }
                            }
                        }

                        for (var b = 0; b < Buckets.Length; b++)
                        {
                            p.Add(["__name__", "demo_api_request_duration_seconds_bucket", "instance", instance, "job", "demo", "le", BucketLabels[b], "method", method, "path", path, "status", status], t, state.Bucket[i, h, b]);
                        }

                        p.Add(["__name__", "demo_api_request_duration_seconds_sum", "instance", instance, "job", "demo", "method", method, "path", path, "status", status], t, state.Sum[i, h]);
                        p.Add(["__name__", "demo_api_request_duration_seconds_count", "instance", instance, "job", "demo", "method", method, "path", path, "status", status], t, state.Count[i, h]);
                        h++;
                    }
                }
            }
        }
    }

    /// <summary>A deterministic value in [0, 1) from its coordinates (SplitMix64), identical on every run.</summary>
    internal static double Noise(int a, int b, int c)
    {
        var z = (ulong)(((long)a * 1_000_003) + ((long)b * 7_919) + c) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    private sealed class State
    {
        public double[,] Cpu { get; } = new double[3, 3];

        public double[] Disk { get; } = new double[3];

        public double[] LastBatch { get; } = new double[3];

        public double[,] Sum { get; } = new double[3, 8];

        public double[,] Count { get; } = new double[3, 8];

        public double[,,] Bucket { get; } = new double[3, 8, 10];

        public EdgeState Edge { get; } = new();
    }
}
