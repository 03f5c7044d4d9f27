using System.Globalization;
using Nines.Metrics.Labels;

namespace Nines.Benchmarks;

/// <summary>
/// A deterministic fleet of scrape targets with the series a typical service exports: request
/// counters, CPU seconds, byte counters, memory and queue gauges, a 10-bucket latency histogram,
/// <c>up</c> and a build-info constant (22 series per target), scraped every 15 s with jitter.
/// </summary>
internal sealed class FleetData
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Random _random = new(42);
    private readonly int _jitterMs;
    private readonly double[][] _state;

    public FleetData(int targets, int jitterMs)
    {
        _jitterMs = jitterMs;
        var series = new List<LabelSet>();
        for (var t = 0; t < targets; t++)
        {
            var instance = "10.0." + (t / 250).ToString(CultureInfo.InvariantCulture) + "." + (t % 250).ToString(CultureInfo.InvariantCulture) + ":9100";
            var job = "svc-" + (t % 7).ToString(CultureInfo.InvariantCulture);
            LabelSet L(string name, params string[] extra)
            {
                var b = new LabelSetBuilder().Add("__name__", name).Add("instance", instance).Add("job", job);
                for (var i = 0; i < extra.Length; i += 2)
                {
                    b.Add(extra[i], extra[i + 1]);
                }

                return b.Build();
            }

            series.Add(L("http_requests_total", "code", "200"));
            series.Add(L("http_requests_total", "code", "500"));
            series.Add(L("process_cpu_seconds_total"));
            series.Add(L("network_transmit_bytes_total"));
            series.Add(L("process_resident_memory_bytes"));
            series.Add(L("node_hwmon_temp_celsius"));
            series.Add(L("queue_length"));
            foreach (var le in Buckets)
            {
                series.Add(L("http_request_duration_seconds_bucket", "le", le.ToString(CultureInfo.InvariantCulture)));
            }

            series.Add(L("http_request_duration_seconds_bucket", "le", "+Inf"));
            series.Add(L("http_request_duration_seconds_sum"));
            series.Add(L("http_request_duration_seconds_count"));
            series.Add(L("up"));
            series.Add(L("build_info", "version", "1.4." + (t % 3).ToString(CultureInfo.InvariantCulture)));
        }

        Series = [.. series];
        _state = new double[targets][];
        for (var t = 0; t < targets; t++)
        {
            _state[t] = new double[SeriesPerTarget];
            _state[t][4] = 200_000_000 + (_random.Next(100) * 4096);
            _state[t][5] = 45;
        }
    }

    public const int SeriesPerTarget = 22;

    public LabelSet[] Series { get; }

    /// <summary>One scrape of every target at <paramref name="scrapeTime"/>: a timestamp and value per series.</summary>
    public void Scrape(long scrapeTime, long[] timestamps, double[] values)
    {
        for (var t = 0; t < _state.Length; t++)
        {
            var s = _state[t];
            var ts = scrapeTime + (_jitterMs == 0 ? 0 : _random.Next(-_jitterMs, _jitterMs + 1));
            var requests = _random.Next(200, 1000);
            s[0] += requests;
            s[1] += _random.Next(50) == 0 ? _random.Next(1, 5) : 0;
            s[2] = Math.Round(s[2] + (_random.Next(1, 300) / 100.0), 2);
            s[3] += _random.Next(100_000, 2_000_000);
            if (_random.Next(10) == 0)
            {
                s[4] += _random.Next(-8, 9) * 4096;
            }

            s[5] = Math.Round(Math.Clamp(s[5] + ((_random.Next(3) - 1) * 0.5), 30, 90), 1);
            s[6] = Math.Max(0, s[6] + _random.Next(-2, 3));

            // Histogram: this scrape's requests observed with a log-normal-ish latency.
            var observed = requests / 10;
            for (var o = 0; o < observed; o++)
            {
                var latency = Math.Exp((_random.NextDouble() * 4) - 5);
                for (var b = 0; b < Buckets.Length; b++)
                {
                    if (latency <= Buckets[b])
                    {
                        s[7 + b]++;
                    }
                }

                s[17] += 1;
                s[18] += latency;
            }

            s[19] = s[17];
            var baseIndex = t * SeriesPerTarget;
            for (var k = 0; k < SeriesPerTarget; k++)
            {
                timestamps[baseIndex + k] = ts;
            }

            values[baseIndex + 0] = s[0];
            values[baseIndex + 1] = s[1];
            values[baseIndex + 2] = s[2];
            values[baseIndex + 3] = s[3];
            values[baseIndex + 4] = s[4];
            values[baseIndex + 5] = s[5];
            values[baseIndex + 6] = s[6];
            for (var b = 0; b < Buckets.Length; b++)
            {
                values[baseIndex + 7 + b] = s[7 + b];
            }

            values[baseIndex + 17] = s[17]; // +Inf bucket
            values[baseIndex + 18] = s[18]; // sum, full precision
            values[baseIndex + 19] = s[19]; // count
            values[baseIndex + 20] = 1; // up
            values[baseIndex + 21] = 1; // build_info
        }
    }
}
