using Nines.Compat.Tests.ClientModel;

namespace Nines.Compat.Tests;

/// <summary>
/// The native histogram families of <c>Corpus/native-histograms.yml</c>, one scrape per 5 s step
/// over 8¼ minutes from <see cref="Start"/>, every sample carrying its own timestamp so the
/// timeline does not depend on when Prometheus scrapes. Observations come from a deterministic
/// noise function, so every run serves the same bytes:
/// <list type="bullet">
/// <item><c>nhist_request_duration_seconds</c>: latency at schema 3 for two jobs on two instances;
/// the worker's latency drifts upwards (new buckets appear, the layout changes) and worker on
/// host-b drops to schema 1 half-way, as a client does when it runs out of buckets.</item>
/// <item><c>nhist_clock_skew_seconds</c>: negative, zero and positive buckets (schema 1, zero
/// threshold 1 ms).</item>
/// <item><c>nhist_payload_bytes</c>: schema 0; host-a restarts (a counter reset) and host-b starts
/// late.</item>
/// <item><c>nhist_queue_wait_seconds</c>: a gauge histogram, a fresh snapshot every scrape.</item>
/// <item><c>nhist_requests_total</c> (a float counter equal to the latency histogram's count) and
/// <c>nhist_scrape_step</c> (the step, so the harness can tell when everything arrived).</item>
/// </list>
/// </summary>
internal sealed partial class NativeHistogramGenerator
{
    public const int IntervalMs = 5_000;
    public const int Steps = 100;

    // client_golang's default zero threshold (DefNativeHistogramZeroThreshold, 2^-128).
    private const double DefaultZeroThreshold = 2.938735877055719e-39;

    private static readonly (string Job, string Instance)[] Latency =
        [("api", "host-a:9100"), ("api", "host-b:9100"), ("worker", "host-a:9100"), ("worker", "host-b:9100")];

    private static readonly string[] Hosts = ["host-a:9100", "host-b:9100"];

    private readonly Observations[] _latency = [new(3), new(3), new(3), new(3)];
    private readonly Observations[] _skew = [new(1), new(1)];
    private readonly Observations[] _payload = [new(0), new(0)];

    /// <summary>A timeline from the first multiple of 5 s at or after <paramref name="notBeforeMs"/>.</summary>
    public NativeHistogramGenerator(long notBeforeMs)
    {
        Start = notBeforeMs + ((IntervalMs - (notBeforeMs % IntervalMs)) % IntervalMs);
        End = Start + ((Steps - 1) * (long)IntervalMs);
    }

    /// <summary>First scrape (ms), a multiple of 5 s.</summary>
    public long Start { get; }

    /// <summary>Last scrape (ms).</summary>
    public long End { get; }

    /// <summary>The families of scrape <paramref name="step"/>; steps must come in order, each once.</summary>
    public List<MetricFamily> Scrape(int step)
    {
        var t = Start + (step * (long)IntervalMs);
        var (latency, requests) = LatencyFamilies(step, t);
        var marker = Metric("nhist", "generator", t, null);
        marker.Gauge = new Gauge { Value = step };
        var progress = Family("nhist_scrape_step", "The generator's step.", MetricType.Gauge);
        progress.Metric.Add(marker);
        return [latency, requests, SkewFamily(step, t), PayloadFamily(step, t), QueueFamily(step, t), progress];
    }

    private (MetricFamily Latency, MetricFamily Requests) LatencyFamilies(int step, long t)
    {
        var latency = Family("nhist_request_duration_seconds", "Request latency.", MetricType.Histogram);
        var requests = Family("nhist_requests_total", "Requests served (the latency histogram's count).", MetricType.Counter);
        for (var s = 0; s < Latency.Length; s++)
        {
            var (job, instance) = Latency[s];
            var worker = job == "worker";
            var n = 2 + (int)(Noise(s, 1, step) * (worker ? 8 : 25));
            for (var r = 0; r < n; r++)
            {
                // Log-uniform between 1 ms and ~0.5 s; the worker slows down over time.
                var exponent = -10 + (Noise(s, 2, (step * 64) + r) * 9) + (worker ? step / 30.0 : 0);
                _latency[s].Observe(Math.Pow(2, exponent));
            }

            var schema = s == 3 && step >= 50 ? 1 : 3;
            latency.Metric.Add(Metric(job, instance, t, _latency[s].Encode(schema, DefaultZeroThreshold)));
            var counter = Metric(job, instance, t, null);
            counter.Counter = new Counter { Value = _latency[s].Count };
            requests.Metric.Add(counter);
        }

        return (latency, requests);
    }

    private MetricFamily SkewFamily(int step, long t)
    {
        var skew = Family("nhist_clock_skew_seconds", "Clock offset to the reference.", MetricType.Histogram);
        for (var i = 0; i < Hosts.Length; i++)
        {
            var n = 3 + (int)(Noise(10 + i, 1, step) * 6);
            for (var r = 0; r < n; r++)
            {
                // Mostly within ±0.2 s, skewed negative on host-a; one in ten within the 1 ms zero bucket.
                var u = Noise(10 + i, 2, (step * 64) + r);
                var value = u < 0.1 ? (u - 0.05) / 100 : (u - (i == 0 ? 0.7 : 0.4)) * 0.4;
                _skew[i].Observe(value);
            }

            skew.Metric.Add(Metric("ntp", Hosts[i], t, _skew[i].Encode(1, 0.001)));
        }

        return skew;
    }

    private MetricFamily PayloadFamily(int step, long t)
    {
        var payload = Family("nhist_payload_bytes", "Request body size.", MetricType.Histogram);
        for (var i = 0; i < Hosts.Length; i++)
        {
            if (i == 1 && step < 20)
            {
                continue;
            }

            if (i == 0 && step == 50)
            {
                // The process restarted: everything observed before is gone.
                _payload[0] = new Observations(0);
            }

            var n = 1 + (int)(Noise(20 + i, 1, step) * 12);
            for (var r = 0; r < n; r++)
            {
                _payload[i].Observe(Math.Round(Math.Pow(2, 6 + (Noise(20 + i, 2, (step * 64) + r) * 14))));
            }

            payload.Metric.Add(Metric("api", Hosts[i], t, _payload[i].Encode(0, DefaultZeroThreshold)));
        }

        return payload;
    }

    private static MetricFamily QueueFamily(int step, long t)
    {
        var queue = Family("nhist_queue_wait_seconds", "Wait time of the jobs queued now.", MetricType.GaugeHistogram);
        for (var i = 0; i < Hosts.Length; i++)
        {
            // The queue fills and drains; an empty queue is an empty histogram.
            var snapshot = new Observations(2);
            var n = (int)(Math.Max(0, Math.Sin((step + (i * 20)) / 12.0)) * 30 * Noise(30 + i, 1, step));
            for (var r = 0; r < n; r++)
            {
                snapshot.Observe(Math.Pow(2, -4 + (Noise(30 + i, 2, (step * 64) + r) * 10)));
            }

            queue.Metric.Add(Metric("worker", Hosts[i], t, snapshot.Encode(2, DefaultZeroThreshold)));
        }

        return queue;
    }

    private static MetricFamily Family(string name, string help, MetricType type) => new() { Name = name, Help = help, Type = type };

    private static Metric Metric(string job, string instance, long t, Histogram? histogram)
    {
        var metric = new Metric { TimestampMs = t, Histogram = histogram };
        metric.Label.Add(new LabelPair { Name = "instance", Value = instance });
        metric.Label.Add(new LabelPair { Name = "job", Value = job });
        return metric;
    }

    private static double Noise(int a, int b, int c) => DemoGenerator.Noise(a, b, c);
}
