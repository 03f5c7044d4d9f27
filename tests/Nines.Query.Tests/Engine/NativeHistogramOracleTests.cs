using System.Text;
using Microsoft.AspNetCore.Http;
using Nines.Metrics.Head;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Nines.Query.Http;

namespace Nines.Query.Tests.Engine;

/// <summary>
/// Native-histogram queries answered byte for byte like Prometheus 2.42: the same samples Prometheus
/// was given (see <see cref="NativeHistogramOracle"/>) are loaded into a head, the query runs, and the
/// HTTP API's JSON is compared with Prometheus' response body.
/// </summary>
public sealed class NativeHistogramOracleTests
{
    public static TheoryData<long, string> InstantCases()
    {
        var data = new TheoryData<long, string>();
        foreach (var c in NativeHistogramOracle.Instant)
        {
            data.Add(c.Time, c.Query);
        }

        return data;
    }

    public static TheoryData<string> RangeCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in NativeHistogramOracle.Range)
        {
            data.Add(c.Query);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InstantCases))]
    public async Task Instant_NativeHistograms_MatchesPrometheus242(long time, string query)
    {
        var expected = Array.Find(NativeHistogramOracle.Instant, c => c.Time == time && c.Query == query).Expected;
        var (engine, source) = CreateSut();

        var result = engine.Instant(source, query, time * 1000);

        Assert.Equal(expected, await ToJsonAsync(result));
    }

    [Theory]
    [MemberData(nameof(RangeCases))]
    public async Task Range_NativeHistograms_MatchesPrometheus242(string query)
    {
        var expected = Array.Find(NativeHistogramOracle.Range, c => c.Query == query).Expected;
        var (engine, source) = CreateSut();

        var result = engine.Range(source, query, 0, 60_000, 15_000);

        Assert.Equal(expected, await ToJsonAsync(result));
    }

    private static async Task<string> ToJsonAsync(QueryResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await PrometheusApi.WriteResultAsync(context, result);
        await context.Response.BodyWriter.FlushAsync();
        return Encoding.UTF8.GetString(body.ToArray());
    }

    /// <summary>The oracle's data set: three histogram series h{i=1,2,4} (schemas 0, 1, 2; a counter reset in i=1; negative buckets in i=2), m (floats then histograms) and floats f, z.</summary>
    private static (PromQlEngine Engine, HeadBlockSource Source) CreateSut()
    {
        var head = new HeadBlock();
        long[] times = [0, 15_000, 30_000, 45_000, 60_000];

        // h{i="1"}: schema 0, zero threshold 0.001, buckets 0, 1, 3, 4; reset at 45s.
        (ulong Zero, long[] Buckets, double Sum)[] h1 = [(1, [1, 2, 1, 1], 20), (2, [2, 3, 2, 2], 40), (3, [3, 5, 3, 3], 70), (0, [1, 1, 0, 0], 3), (1, [2, 2, 1, 1], 20)];
        var id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "h", "i", "1"));
        for (var k = 0; k < 5; k++)
        {
            var (zero, buckets, sum) = h1[k];
            head.AppendHistogram(id, times[k], Make(0, 0.001, zero, sum, [], [], [new(0, 2), new(1, 2)], buckets));
        }

        // h{i="2"}: schema 1, negative buckets 0..1 and positive -1..1, all scaled by k.
        id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "h", "i", "2"));
        for (var k = 1; k <= 5; k++)
        {
            head.AppendHistogram(id, times[k - 1], Make(1, 0.001, (ulong)(2 * k), 5.0 * k, [new(0, 2)], [k, 2 * k], [new(-1, 3)], [k, 0, 3 * k]));
        }

        // h{i="4"}: schema 2, no zero bucket, positive buckets 3..6.
        id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "h", "i", "4"));
        for (var m = 1; m <= 5; m++)
        {
            head.AppendHistogram(id, times[m - 1], Make(2, 0, 0, 12.5 * m, [], [], [new(3, 4)], [m, 2 * m, 3 * m, 4 * m]));
        }

        id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "m"));
        head.Append(id, 0, 1);
        head.Append(id, 15_000, 2);
        head.AppendHistogram(id, 30_000, Make(0, 0, 0, 1, [], [], [new(0, 1)], [2]));
        head.AppendHistogram(id, 45_000, Make(0, 0, 0, 2, [], [], [new(0, 1)], [3]));

        var f = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "f"));
        var z = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "z"));
        for (var k = 0; k < 5; k++)
        {
            head.Append(f, times[k], 10 * (k + 1));
            head.Append(z, times[k], k + 1);
        }

        LoadEdgeCases(head, times);
        return (new PromQlEngine(), new HeadBlockSource(head));
    }

    /// <summary>
    /// The second data set, e: a counter changing schema (1 to 0) and zero threshold (0.001 to 0.01)
    /// on the way (i=1); a gauge histogram by hint whose counts go down (i=2: 2.42 still reads the
    /// drops as resets); negative buckets only (i=3); a count above its buckets' sum (i=4); and a
    /// native histogram next to classic buckets with the same labels (i=9).
    /// </summary>
    private static void LoadEdgeCases(HeadBlock head, long[] times)
    {
        var id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "1"));
        head.AppendHistogram(id, times[0], Make(1, 0.001, 1, 10, [], [], [new(0, 4)], [1, 2, 3, 4]));
        head.AppendHistogram(id, times[1], Make(1, 0.001, 2, 20, [], [], [new(0, 4)], [2, 3, 4, 5]));
        head.AppendHistogram(id, times[2], Make(0, 0.001, 3, 30, [], [], [new(0, 3)], [3, 8, 6]));
        head.AppendHistogram(id, times[3], Make(0, 0.01, 5, 40, [], [], [new(0, 3)], [3, 9, 7]));
        head.AppendHistogram(id, times[4], Make(0, 0.01, 6, 50, [], [], [new(0, 3)], [4, 10, 8]));

        id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "2"));
        (long A, long B, double Sum)[] gauge = [(5, 5, 10), (4, 6, 9), (3, 2, 5), (6, 1, 8), (2, 2, 4)];
        for (var k = 0; k < 5; k++)
        {
            var h = Make(0, 0, 0, gauge[k].Sum, [], [], [new(1, 2)], [gauge[k].A, gauge[k].B]);
            h.CounterResetHint = CounterResetHint.Gauge;
            head.AppendHistogram(id, times[k], h);
        }

        id = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "3"));
        var id4 = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "4"));
        var id9 = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "9"));
        var le1 = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "9", "le", "1"));
        var leInf = head.GetOrCreateSeries(LabelSet.FromStrings("__name__", "e", "i", "9", "le", "+Inf"));
        for (var k = 1; k <= 5; k++)
        {
            head.AppendHistogram(id, times[k - 1], Make(0, 0.5, (ulong)(2 * k), -3.0 * k, [new(0, 2)], [k, 3 * k], [], []));
            var nan = Make(0, 0, 0, 3.0 * k, [], [], [new(0, 2)], [k, k]);
            nan.Count += (ulong)(2 * k);
            head.AppendHistogram(id4, times[k - 1], nan);
            head.AppendHistogram(id9, times[k - 1], Make(0, 0, 0, 3, [], [], [new(0, 2)], [1, 1]));
            head.Append(le1, times[k - 1], 1);
            head.Append(leInf, times[k - 1], 2);
        }
    }

    /// <summary>A histogram from absolute bucket counts (delta-encoded here, as on the wire).</summary>
    private static Histogram Make(int schema, double zeroThreshold, ulong zeroCount, double sum, HistogramSpan[] negativeSpans, long[] negative, HistogramSpan[] positiveSpans, long[] positive)
    {
        var count = zeroCount;
        foreach (var c in negative)
        {
            count += (ulong)c;
        }

        foreach (var c in positive)
        {
            count += (ulong)c;
        }

        return new Histogram
        {
            Schema = schema,
            ZeroThreshold = zeroThreshold,
            ZeroCount = zeroCount,
            Count = count,
            Sum = sum,
            NegativeSpans = negativeSpans,
            NegativeBuckets = Deltas(negative),
            PositiveSpans = positiveSpans,
            PositiveBuckets = Deltas(positive),
        };
    }

    private static long[] Deltas(long[] counts)
    {
        var result = new long[counts.Length];
        long prev = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            result[i] = counts[i] - prev;
            prev = counts[i];
        }

        return result;
    }
}
