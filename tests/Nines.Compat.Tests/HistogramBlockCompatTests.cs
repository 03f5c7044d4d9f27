using System.Globalization;
using System.Text.Json;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;
using Nines.Testing.Peers;
using Nines.Tests.Shared;
using Xunit.Abstractions;

namespace Nines.Compat.Tests;

/// <summary>
/// Native histograms persisted by Nines are readable by the real thing: a block Nines wrote (its
/// histogram chunks in Prometheus' encoding 2) is copied into Prometheus 2.42's data directory and
/// Prometheus answers range queries over it with exactly the histograms Nines was given.
/// (promtool 2.42's <c>tsdb dump</c> prints float samples only, so it cannot check this.)
/// </summary>
public sealed class HistogramBlockCompatTests(ITestOutputHelper output)
{
    private const long Minute = 60_000;
    private const int Series = 3;

    [Fact]
    public async Task NinesBlockWithHistograms_QueriedFromPrometheus_SameHistograms()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-hist-compat-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // Random counters and gauges with new and vanished buckets, resets, schema changes and stale markers.
            var random = new Random(42);
            var start = 1_700_000_000_000L / (2 * 60 * Minute) * (2 * 60 * Minute);
            var appended = new List<(long T, Histogram H)>[Series];
            for (var s = 0; s < Series; s++)
            {
                appended[s] = [];
            }

            string block;
            await using (var storage = await MetricsStorage.OpenAsync(directory, new MetricsStorageOptions { MaintenanceInterval = TimeSpan.Zero }))
            {
                var batch = new MetricsBatch();
                for (var m = 0; m < 210; m++)
                {
                    batch.Clear();
                    for (var s = 0; s < Series; s++)
                    {
                        var t = start + (m * Minute) + s;
                        var h = RandomHistograms.Next(random, appended[s].Count > 0 ? appended[s][^1].H : null);
                        batch.Add(Labels(s), ReadOnlySpan<long>.Empty, ReadOnlySpan<double>.Empty);
                        batch.AddHistogram(t, h);
                        appended[s].Add((t, h));
                    }

                    Assert.Equal(Series, (await storage.AppendAsync(batch)).HistogramsAccepted);
                }

                await storage.RunMaintenanceAsync();
                var info = Assert.Single(storage.Blocks);
                Assert.Equal(120 * Series, info.Samples);
                block = Path.Combine(directory, info.Ulid);
            }

            await using var prometheus = await PrometheusPeer.StartAsync("global:\n  scrape_interval: 1h\n", ["--enable-feature=native-histograms"], [block]);
            var compared = 0;
            for (var s = 0; s < Series; s++)
            {
                // Steps land exactly on the series' samples; the block holds the first 120 of them.
                var inBlock = appended[s].Take(120).ToList();
                var url = "api/v1/query_range?query=" + Uri.EscapeDataString($"rpc_seconds{{series=\"s{s}\"}}")
                    + "&start=" + Seconds(inBlock[0].T) + "&end=" + Seconds(inBlock[^1].T) + "&step=60";
                using var response = await prometheus.Client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, body);
                var actual = Parse(body);
                var expected = inBlock.Where(e => !e.H.IsStaleMarker).Select(e => Expected(e.T, e.H)).ToList();
                output.WriteLine($"s{s}: {expected.Count} histograms, {inBlock.Count - expected.Count} stale markers");
                Assert.Equal(expected.Count, actual.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    AssertSame(expected[i], actual[i]);
                }

                compared += expected.Count;
            }

            Assert.True(compared > 300, $"only {compared} histograms compared");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static LabelSet Labels(int s) => LabelSet.FromStrings("__name__", "rpc_seconds", "series", "s" + s);

    private static string Seconds(long ms) => (ms / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    // What Prometheus' JSON shows for a histogram: count, sum, and its non-empty buckets as
    // [boundary rule, lower, upper, count], negative buckets from the most negative, then the zero
    // bucket, then positive ones (rule 0: (l, u], 1: [l, u), 3: [l, u]). Bounds from the schema
    // definition: bucket i's upper bound is 2^(i·2^-schema).
    private static Point Expected(long t, Histogram h)
    {
        var buckets = new List<(int Rule, double Lower, double Upper, double Count)>();
        var negative = Absolute(h.NegativeSpans, h.NegativeBuckets);
        negative.Reverse();
        foreach (var (index, count) in negative)
        {
            buckets.Add((1, -Bound(index, h.Schema), -Bound(index - 1, h.Schema), count));
        }

        if (h.ZeroCount > 0)
        {
            buckets.Add((3, -h.ZeroThreshold, h.ZeroThreshold, h.ZeroCount));
        }

        foreach (var (index, count) in Absolute(h.PositiveSpans, h.PositiveBuckets))
        {
            buckets.Add((0, Bound(index - 1, h.Schema), Bound(index, h.Schema), count));
        }

        return new Point(t, h.Count, h.Sum, buckets.Where(b => b.Count != 0).ToList()) { ZeroThreshold = h.ZeroThreshold };
    }

    private static double Bound(int index, int schema) => Math.Pow(2, index * Math.Pow(2, -schema));

    private static List<(int Index, long Count)> Absolute(HistogramSpan[] spans, long[] deltas)
    {
        var result = new List<(int, long)>();
        int index = 0, b = 0;
        long current = 0;
        foreach (var span in spans)
        {
            index += span.Offset;
            for (var k = 0; k < span.Length; k++)
            {
                current += deltas[b++];
                result.Add((index++, current));
            }
        }

        return result;
    }

    private static List<Point> Parse(string body)
    {
        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        var points = new List<Point>();
        if (result.GetArrayLength() == 0)
        {
            return points;
        }

        var series = result.EnumerateArray().Single();
        Assert.False(series.TryGetProperty("values", out _), "Prometheus returned float samples for a histogram series");
        foreach (var point in series.GetProperty("histograms").EnumerateArray())
        {
            var t = (long)Math.Round(point[0].GetDouble() * 1000);
            var h = point[1];
            var buckets = new List<(int, double, double, double)>();
            if (h.TryGetProperty("buckets", out var raw))
            {
                foreach (var b in raw.EnumerateArray())
                {
                    var count = Number(b[3]);
                    if (count != 0)
                    {
                        buckets.Add((b[0].GetInt32(), Number(b[1]), Number(b[2]), count));
                    }
                }
            }

            points.Add(new Point(t, Number(h.GetProperty("count")), Number(h.GetProperty("sum")), buckets));
        }

        return points;
    }

    private static double Number(JsonElement e) => double.Parse(e.GetString()!, CultureInfo.InvariantCulture);

    private static void AssertSame(Point expected, Point actual)
    {
        Assert.Equal(expected.T, actual.T);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Sum, actual.Sum);
        Assert.Equal(expected.Buckets.Count, actual.Buckets.Count);
        for (var i = 0; i < expected.Buckets.Count; i++)
        {
            var (rule, lower, upper, count) = expected.Buckets[i];
            var got = actual.Buckets[i];
            Assert.Equal((rule, count), (got.Rule, got.Count));

            // Prometheus clamps a bucket bound inside the zero bucket to its edge (random thresholds overlap buckets here).
            if (Math.Abs(lower) > expected.ZeroThreshold && Math.Abs(upper) > expected.ZeroThreshold)
            {
                Assert.Equal(lower, got.Lower, Math.Abs(lower) * 1e-12);
                Assert.Equal(upper, got.Upper, Math.Abs(upper) * 1e-12);
            }
        }
    }

    private sealed record Point(long T, double Count, double Sum, List<(int Rule, double Lower, double Upper, double Count)> Buckets)
    {
        public double ZeroThreshold { get; init; }
    }
}
