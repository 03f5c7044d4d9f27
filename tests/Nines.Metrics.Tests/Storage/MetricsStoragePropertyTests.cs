using FsCheck;
using FsCheck.Fluent;
using Nines.Metrics.Index;
using Nines.Metrics.Storage;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStoragePropertyTests
{
    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Replay_ArbitraryBatches_HeadBitExactAndSameVerdicts(byte[] seriesPicks, long[] timestamps, ulong[] valueBits)
    {
        var n = Math.Min(seriesPicks.Length, Math.Min(timestamps.Length, valueBits.Length));
        RoundTrip(seriesPicks.AsSpan(0, n).ToArray(), timestamps.AsSpan(0, n).ToArray(), valueBits.AsSpan(0, n).ToArray());
        return true.ToProperty();
    }

    // Any timestamps (out of order, duplicates, extremes) and any value bits, in batches of up to
    // 7 samples over 5 series: after a reopen the head holds the same samples, bit for bit, and the
    // live outcome counts add up to what replay accepted and rejected.
    private static void RoundTrip(byte[] seriesPicks, long[] timestamps, ulong[] valueBits)
    {
        var fs = new FakeFileSystem();
        var live = Run(fs, seriesPicks, timestamps, valueBits).GetAwaiter().GetResult();
        var sut = MetricsStorage.OpenAsync(fs, StorageTestData.Directory, null, null, null, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            Assert.Equal(live.Samples, Bits(sut));
            Assert.Equal(live.Accepted, sut.Head.AppendedSamples);
            Assert.Equal(live.Rejected, sut.ReplayReport.RejectedSamples);
        }
        finally
        {
            sut.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static async Task<(List<(string, long, ulong)> Samples, long Accepted, long Rejected)> Run(FakeFileSystem fs, byte[] seriesPicks, long[] timestamps, ulong[] valueBits)
    {
        await using var sut = await MetricsStorage.OpenAsync(fs, StorageTestData.Directory, null, null, null, CancellationToken.None);
        var batch = new MetricsBatch();
        long accepted = 0, rejected = 0;
        for (var i = 0; i < seriesPicks.Length; i++)
        {
            batch.Add(StorageTestData.Series(seriesPicks[i] % 5), timestamps[i], BitConverter.UInt64BitsToDouble(valueBits[i]));
            if (i % 7 == 6 || i == seriesPicks.Length - 1)
            {
                var outcome = await sut.AppendAsync(batch);
                Assert.Equal(batch.SampleCount, outcome.Accepted + outcome.OutOfOrder + outcome.Duplicate);
                accepted += outcome.Accepted;
                rejected += outcome.OutOfOrder + outcome.Duplicate;
                batch.Clear();
            }
        }

        return (Bits(sut), accepted, rejected);
    }

    private static List<(string, long, ulong)> Bits(MetricsStorage storage)
    {
        var result = new List<(string, long, ulong)>();
        foreach (var series in storage.Head.Select([Matcher.Create(MatcherType.Regex, "__name__", ".+")], long.MinValue, long.MaxValue))
        {
            var it = series.GetIterator();
            while (it.MoveNext())
            {
                result.Add((series.Labels.ToString()!, it.Timestamp, BitConverter.DoubleToUInt64Bits(it.Value)));
            }
        }

        return result;
    }
}
