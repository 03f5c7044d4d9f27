using Nines.Metrics.Downsampling;

namespace Nines.Metrics.Tests.Downsampling;

public sealed class WindowAggregatorTests
{
    private const long FiveMinutes = Resolutions.FiveMinutes;
    private static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    private static List<(long T, double V)> Run(IEnumerable<(long T, double V)> input, long resolution, DownsampleAggregate aggregate, bool rawInput = true)
    {
        var output = new List<(long, double)>();
        var sut = new WindowAggregator(resolution, aggregate, rawInput, (t, v) => output.Add((t, v)));
        foreach (var (t, v) in input)
        {
            sut.Add(t, v);
        }

        sut.Finish();
        return output;
    }

    // A counter scraped every 15 s with jitter-free gaps (minutes without samples) and resets
    // (process restarts) at random points, some right at window boundaries.
    private static List<(long T, double V)> Counter(int seed, int samples)
    {
        var random = new Random(seed);
        var result = new List<(long, double)>();
        long t = 1_000_000_000_000 + (random.Next(0, 20) * 15_000L);
        double v = random.Next(0, 1000);
        for (var i = 0; i < samples; i++)
        {
            result.Add((t, v));
            t += random.Next(0, 50) == 0 ? random.Next(2, 80) * 15_000L : 15_000L;
            v = random.Next(0, 60) == 0 ? random.Next(0, 5) : v + random.Next(0, 100);
        }

        return result;
    }

    // Reset-adjusted increase between consecutive samples, as PromQL's rate/increase count it.
    private static double Increase(IReadOnlyList<(long T, double V)> samples, long from, long to)
    {
        double total = 0;
        (long T, double V)? previous = null;
        foreach (var s in samples)
        {
            if (s.T < from || s.T > to)
            {
                continue;
            }

            if (previous is { } p)
            {
                total += s.V >= p.V ? s.V - p.V : s.V;
            }

            previous = s;
        }

        return total;
    }

    private static int Resets(IReadOnlyList<(long T, double V)> samples)
    {
        var resets = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            resets += samples[i].V < samples[i - 1].V ? 1 : 0;
        }

        return resets;
    }

    [Fact]
    public void Add_GaugeWithGapsAndStaleMarker_CountSumMinMaxExactPerWindowAtLastSampleTime()
    {
        // Window 0: 3 samples; window 1: none (a gap); window 2: 2 samples and a staleness marker.
        (long, double)[] input =
        [
            (0, 5), (60_000, -2), (299_999, 7),
            (600_000, 4), (700_000, StaleNaN), (800_000, 10),
        ];

        Assert.Equal([(299_999L, 3.0), (800_000L, 2.0)], Run(input, FiveMinutes, DownsampleAggregate.Count));
        Assert.Equal([(299_999L, 10.0), (800_000L, 14.0)], Run(input, FiveMinutes, DownsampleAggregate.Sum));
        Assert.Equal([(299_999L, -2.0), (800_000L, 4.0)], Run(input, FiveMinutes, DownsampleAggregate.Min));
        Assert.Equal([(299_999L, 7.0), (800_000L, 10.0)], Run(input, FiveMinutes, DownsampleAggregate.Max));
    }

    [Fact]
    public void Add_FiveMinuteAggregatesIntoOneHour_SameAsRawIntoOneHour()
    {
        var raw = Counter(7, 20_000);
        foreach (var aggregate in (DownsampleAggregate[])[DownsampleAggregate.Count, DownsampleAggregate.Sum, DownsampleAggregate.Min, DownsampleAggregate.Max])
        {
            var direct = Run(raw, Resolutions.OneHour, aggregate);
            var viaFiveMinutes = Run(Run(raw, FiveMinutes, aggregate), Resolutions.OneHour, aggregate, rawInput: false);
            Assert.Equal(direct.Count, viaFiveMinutes.Count);
            for (var i = 0; i < direct.Count; i++)
            {
                Assert.Equal(direct[i].T, viaFiveMinutes[i].T);
                Assert.Equal(direct[i].V, viaFiveMinutes[i].V, 1e-9 * Math.Max(1, Math.Abs(direct[i].V)));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void Add_CounterWithResetsAndGaps_IncreaseUpToEveryWindowEndIsExact(int seed)
    {
        var raw = Counter(seed, 12_000);
        var fiveMinutes = Run(raw, FiveMinutes, DownsampleAggregate.Counter);
        var oneHour = Run(fiveMinutes, Resolutions.OneHour, DownsampleAggregate.Counter, rawInput: false);
        Assert.True(Resets(raw) > 100, "the workload should reset often");

        foreach (var (downsampled, resolution) in new[] { (fiveMinutes, FiveMinutes), (oneHour, Resolutions.OneHour) })
        {
            // Every window's last raw sample is kept with its real time and value, and between any
            // two kept samples rate() sees exactly the raw increase, resets included.
            Assert.True(downsampled.Count < raw.Count / 5, $"{downsampled.Count} samples kept of {raw.Count}");
            var start = raw[0].T;
            var kept = downsampled.ToDictionary(s => s.T, s => s.V);
            var lastOfWindow = raw.GroupBy(s => s.T / resolution).Select(g => g.Last());
            foreach (var last in lastOfWindow)
            {
                Assert.Equal(last.V, kept[last.T]);
                Assert.Equal(Increase(raw, start, last.T), Increase(downsampled, start, last.T), 1e-6);
            }

            Assert.Equal(Increase(raw, start, long.MaxValue), Increase(downsampled, start, long.MaxValue), 1e-6);
        }
    }

    [Fact]
    public void Add_ResetAtWindowBoundaryAndSeveralInOneWindow_KeepsAtMostThreeSamplesPerWindow()
    {
        // Window 0 ends at 10; window 1 resets at its first sample, then twice more.
        (long, double)[] input =
        [
            (0, 5), (100_000, 10),
            (300_000, 2), (310_000, 8), (320_000, 1), (330_000, 6), (340_000, 3), (350_000, 9),
        ];

        var output = Run(input, FiveMinutes, DownsampleAggregate.Counter);

        // kept 10 → (pre of the last reset, 10 + 2 + 6 + 1 + 5 = 24) → post 3 → last 9.
        Assert.Equal([(0L, 5.0), (100_000L, 10.0), (330_000L, 24.0), (340_000L, 3.0), (350_000L, 9.0)], output);
        Assert.Equal(Increase(input, 0, long.MaxValue), Increase(output, 0, long.MaxValue));
    }
}
