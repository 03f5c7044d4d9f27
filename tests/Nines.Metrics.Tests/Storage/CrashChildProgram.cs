using System.Globalization;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Metrics.Tests.Storage;

/// <summary>
/// Entry point of this test assembly when run as a process (<c>dotnet exec Nines.Metrics.Tests.dll
/// wal-child DIR</c>): 4 appenders write 1,000-sample batches at full speed and print
/// <c>ack APPENDER BATCH</c> after each acknowledged one, until killed. <c>blocks-child DIR</c> does
/// the same with 1-minute blocks and maintenance every 20 ms, so blocks are written, the head and
/// WAL truncated and blocks compacted while the appenders run (one second of data per batch). Used by
/// <see cref="MetricsStorageKillTests"/>; the test runner never calls it.
/// </summary>
public static class CrashChildProgram
{
    public const int Appenders = 4;
    public const int SamplesPerBatch = 1000;

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 2 || args[0] is not ("wal-child" or "blocks-child"))
        {
            return 2;
        }

        await using var storage = await MetricsStorage.OpenAsync(args[1], args[0] == "blocks-child" ? BlockOptions(TimeSpan.FromMilliseconds(20)) : null);
        var output = TextWriter.Synchronized(Console.Out);
        var tasks = new Task[Appenders];
        for (var a = 0; a < Appenders; a++)
        {
            var appender = a;
            tasks[a] = Task.Run(async () =>
            {
                // One series per appender with t == value == sample number; continue after what survived.
                var labels = Labels(appender);
                var next = 0L;
                foreach (var series in storage.Select([Selector(appender)], long.MinValue, long.MaxValue))
                {
                    var it = series.GetIterator();
                    while (it.MoveNext())
                    {
                        next = it.Timestamp + 1;
                    }
                }

                var batchNo = (next + SamplesPerBatch - 1) / SamplesPerBatch;
                var batch = new MetricsBatch();
                var ts = new long[SamplesPerBatch];
                var vs = new double[SamplesPerBatch];
                while (true)
                {
                    for (var k = 0; k < SamplesPerBatch; k++)
                    {
                        ts[k] = (batchNo * SamplesPerBatch) + k;
                        vs[k] = ts[k];
                    }

                    batch.Clear();
                    batch.Add(labels, ts, vs);
                    var outcome = await storage.AppendAsync(batch);
                    if (outcome.Accepted != SamplesPerBatch)
                    {
                        // This appender fell behind the persisted range; it stops so its acks stay a prefix.
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rejected {appender} {batchNo}"));
                        return;
                    }

                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {appender} {batchNo}"));
                    output.Flush();
                    batchNo++;
                }
            });
        }

        await Task.WhenAll(tasks);
        return 0;
    }

    /// <summary>Small blocks so that a few seconds of appends persist, truncate and compact many times.</summary>
    public static MetricsStorageOptions BlockOptions(TimeSpan maintenance) => new()
    {
        BlockRange = TimeSpan.FromMinutes(1),
        MaxBlockRange = TimeSpan.FromMinutes(9),
        Retention = TimeSpan.Zero,
        SegmentSizeBytes = 256 * 1024,
        MaintenanceInterval = maintenance,
    };

    public static LabelSet Labels(int appender) => LabelSet.FromStrings("__name__", "crash_check", "appender", appender.ToString(CultureInfo.InvariantCulture));

    public static Matcher Selector(int appender) => Matcher.Create(MatcherType.Equal, "appender", appender.ToString(CultureInfo.InvariantCulture));
}
