using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Tests.Shared;

/// <summary>
/// Days of synthetic metrics for downsampling tests and benchmarks, one sample a minute:
/// <c>ds_requests_total</c> counters whose rate follows a daily wave and which reset every few days
/// (not on window boundaries), and <c>ds_temperature</c> gauges. Deterministic; maintenance runs
/// after every appended day, as the background loop would.
/// </summary>
internal sealed class DownsamplingWorkload(int seriesPerMetric)
{
    public const long Minute = 60_000;
    public const long Hour = 3_600_000;
    public const long Day = 86_400_000;

    private readonly double[] _counters = new double[seriesPerMetric];
    private readonly LabelSet[] _counterLabels = [.. Enumerable.Range(0, seriesPerMetric).Select(i => LabelSet.FromStrings("__name__", "ds_requests_total", "instance", "host-" + i))];
    private readonly LabelSet[] _gaugeLabels = [.. Enumerable.Range(0, seriesPerMetric).Select(i => LabelSet.FromStrings("__name__", "ds_temperature", "instance", "host-" + i))];

    /// <summary>Options for a storage fed by this workload: 1-day head blocks, no background loop.</summary>
    public static MetricsStorageOptions Options(TimeSpan retention) => new()
    {
        MaintenanceInterval = TimeSpan.Zero,
        SegmentSizeBytes = 1024 * 1024,
        BlockRange = TimeSpan.FromDays(1),
        Retention = retention,
    };

    public static double Noise(long minute, int series) => ((minute * 7919) + (series * 104729)) % 1000 / 500.0;

    /// <summary>Appends days [<paramref name="fromDay"/>, <paramref name="toDay"/>) and runs maintenance after each.</summary>
    public async Task AppendDaysAsync(MetricsStorage storage, int fromDay, int toDay)
    {
        var batch = new MetricsBatch();
        var ts = new long[60];
        var vs = new double[60];
        for (var day = fromDay; day < toDay; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                batch.Clear();
                for (var s = 0; s < _counters.Length; s++)
                {
                    for (var k = 0; k < 60; k++)
                    {
                        var minute = (((day * 24) + hour) * 60L) + k;
                        ts[k] = minute * Minute;
                        _counters[s] = minute % (4321 + (s * 77)) == 0 && minute > 0
                            ? Noise(minute, s)
                            : _counters[s] + 10 + (5 * Math.Sin(2 * Math.PI * minute / 1440.0)) + Noise(minute, s);
                        vs[k] = _counters[s];
                    }

                    batch.Add(_counterLabels[s], ts, vs);
                    for (var k = 0; k < 60; k++)
                    {
                        var minute = (((day * 24) + hour) * 60L) + k;
                        vs[k] = 20 + (5 * Math.Sin((2 * Math.PI * minute / 1440.0) + s)) + Noise(minute, s);
                    }

                    batch.Add(_gaugeLabels[s], ts, vs);
                }

                await storage.AppendAsync(batch);
            }

            await storage.RunMaintenanceAsync();
        }
    }
}
