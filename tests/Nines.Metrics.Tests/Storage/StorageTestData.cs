using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Metrics.Tests.Storage;

/// <summary>Deterministic workloads and a dump of a head's content for comparisons.</summary>
internal static class StorageTestData
{
    public const string Directory = "/data";

    public static LabelSet Series(int i) => LabelSet.FromStrings("__name__", "wal_test", "instance", "host-" + i, "job", "j" + (i % 3));

    /// <summary>Fills a batch with <paramref name="seriesCount"/> series of <paramref name="samplesPerSeries"/> samples, step 15 s.</summary>
    public static void Fill(MetricsBatch batch, int firstSeries, int seriesCount, long firstTimestamp, int samplesPerSeries)
    {
        batch.Clear();
        var ts = new long[samplesPerSeries];
        var vs = new double[samplesPerSeries];
        for (var s = firstSeries; s < firstSeries + seriesCount; s++)
        {
            for (var k = 0; k < samplesPerSeries; k++)
            {
                ts[k] = firstTimestamp + (k * 15_000L);
                vs[k] = (s * 1000.5) + k + (firstTimestamp / 15_000.0);
            }

            batch.Add(Series(s), ts, vs);
        }
    }

    /// <summary>Every sample of the head, keyed by series, as "t=v" lines; for equality checks.</summary>
    public static SortedDictionary<string, List<(long T, double V)>> Dump(HeadBlock head)
    {
        var result = new SortedDictionary<string, List<(long, double)>>(StringComparer.Ordinal);
        var all = head.Select([Matcher.Create(MatcherType.Regex, "__name__", ".+")], long.MinValue, long.MaxValue);
        foreach (var series in all)
        {
            var samples = new List<(long, double)>();
            var it = series.GetIterator();
            while (it.MoveNext())
            {
                samples.Add((it.Timestamp, it.Value));
            }

            result[series.Labels.ToString()!] = samples;
        }

        return result;
    }

    public static long CountSamples(HeadBlock head)
    {
        long count = 0;
        foreach (var (_, samples) in Dump(head))
        {
            count += samples.Count;
        }

        return count;
    }
}
