using System.Diagnostics;
using System.Globalization;
using Nines.Events.Storage;
using Xunit.Abstractions;

namespace Nines.Events.Tests;

public sealed class EventStoreKillTests(ITestOutputHelper output)
{
    [Fact]
    public Task KillProcess_WhileAppendingAtFullSpeed_EveryAcknowledgedSpanAndLogSurvivesOnce() =>
        KillTwiceAndCheckAsync(flushMilliseconds: 200, TimeSpan.FromSeconds(3));

    [Fact]
    public Task KillProcess_SpansAndLogsFlushedBySizeOnly_EveryAcknowledgedRowSurvivesOnce() =>
        // No flush for time: spans and logs (interleaved in every record) go in only as whole row
        // groups of each table, so the kill finds each signal's cursor inside a record of its own.
        KillTwiceAndCheckAsync(flushMilliseconds: 600_000, TimeSpan.FromSeconds(6));

    private async Task KillTwiceAndCheckAsync(int flushMilliseconds, TimeSpan runFor)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-events-kill-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // Two rounds on the same directory: the second child replays the first one's WAL, appends, and is killed too.
            var expected = new Dictionary<string, long>();
            for (var round = 0; round < 2; round++)
            {
                var acked = await RunChildAndKillAsync(directory, round, flushMilliseconds, runFor);
                using (var tables = new EventTables(Path.Combine(directory, "events.duckdb"), "256MB"))
                {
                    output.WriteLine($"round {round} after the kill: spans {tables.Spans}, logs {tables.Logs}");
                }

                Assert.True(acked.Sum(a => a + 1) > 0, "the child acknowledged nothing");

                await using var store = new EventStore(directory);
                await store.OpenAsync();
                for (var a = 0; a < CrashChildProgram.Appenders; a++)
                {
                    var tenant = CrashChildProgram.Tenant(a);
                    var spans = await store.FindSpansAsync(new SpanQuery { Tenant = tenant, Limit = int.MaxValue });
                    var logs = await store.FindLogsAsync(new LogQuery { Tenant = tenant, Limit = int.MaxValue });
                    var ids = spans.Select(s => Convert.ToInt64(s.SpanId[2..], 16)).ToHashSet();
                    Assert.Equal(spans.Count, ids.Count);
                    Assert.Equal(spans.Count, logs.Count);
                    for (long b = 0; b <= acked[a]; b++)
                    {
                        for (var k = 0; k < CrashChildProgram.SpansPerBatch; k++)
                        {
                            Assert.Contains(CrashChildProgram.Id(round, a, b, k), ids);
                        }
                    }

                    expected[tenant] = expected.GetValueOrDefault(tenant) + ((acked[a] + 1) * CrashChildProgram.SpansPerBatch);
                    Assert.True(spans.Count >= expected[tenant], $"{tenant}: {spans.Count} spans, {expected[tenant]} acknowledged");
                    expected[tenant] = spans.Count;
                }

                var report = store.ReplayReport;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: acked batches {string.Join(",", acked)}; replay {report.Segments} segment(s), {report.Records} batch(es), {report.Rows} row(s) in {report.Duration.TotalMilliseconds:F0} ms"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<long[]> RunChildAndKillAsync(string directory, int round, int flushMilliseconds, TimeSpan runFor)
    {
        var acked = new long[CrashChildProgram.Appenders];
        Array.Fill(acked, -1);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashChildProgram).Assembly.Location);
        start.ArgumentList.Add("events-child");
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(round.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(flushMilliseconds.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        try
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack")
                {
                    var a = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    acked[a] = Math.Max(acked[a], long.Parse(parts[2], CultureInfo.InvariantCulture));
                }

                if (clock.Elapsed > runFor)
                {
                    break;
                }
            }
        }
        finally
        {
            // SIGKILL: no flush, no dispose. Every ack read so far was printed after its fsync.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        return acked;
    }
}
