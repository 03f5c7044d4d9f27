using System.Diagnostics;
using System.Globalization;
using Nines.Metrics.Storage;
using Xunit.Abstractions;

namespace Nines.Metrics.Tests.Storage;

public sealed class MetricsStorageKillTests(ITestOutputHelper output)
{
    [Fact]
    public Task KillProcess_WhileAppendingAtFullSpeed_EveryAcknowledgedSampleSurvives() => KillAndVerifyAsync("wal-child", null);

    [Fact]
    public Task KillProcess_WhileBlocksArePersistedAndCompacted_EveryAcknowledgedSampleSurvives() =>
        KillAndVerifyAsync("blocks-child", CrashChildProgram.BlockOptions(TimeSpan.Zero));

    private async Task KillAndVerifyAsync(string mode, MetricsStorageOptions? options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-wal-kill-" + Guid.NewGuid().ToString("N"));
        var acked = new long[CrashChildProgram.Appenders];
        Array.Fill(acked, -1);
        try
        {
            // Two rounds on the same directory: the second child replays the first one's WAL, appends, and is killed too.
            for (var round = 0; round < 2; round++)
            {
                var acks = await RunChildAndKillAsync(mode, directory, acked, TimeSpan.FromSeconds(mode == "wal-child" ? 2 : 4));
                Assert.True(acks > 0, "the child acknowledged nothing");

                await using var storage = await MetricsStorage.OpenAsync(directory, options);
                long expectedTotal = 0;
                for (var a = 0; a < CrashChildProgram.Appenders; a++)
                {
                    var lastAcked = ((acked[a] + 1) * CrashChildProgram.SamplesPerBatch) - 1;
                    expectedTotal += lastAcked + 1;
                    var selected = storage.Select([CrashChildProgram.Selector(a)], 0, lastAcked);
                    long next = 0;
                    if (selected.Count == 1)
                    {
                        var it = selected[0].GetIterator();
                        while (it.MoveNext() && it.Timestamp == next && it.Value == next)
                        {
                            next++;
                        }
                    }

                    Assert.Equal(lastAcked + 1, next);
                }

                var report = storage.ReplayReport;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {acks} acks, {expectedTotal} acknowledged samples all present; {storage.Blocks.Count} blocks; replay {report.Segments} segments, {report.Samples} samples, {report.CorruptRecords} torn, {report.Duration.TotalMilliseconds:F0} ms"));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> RunChildAndKillAsync(string mode, string directory, long[] acked, TimeSpan runFor)
    {
        // The SDK sets DOTNET_HOST_PATH for test runs; fall back to the dotnet on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashChildProgram).Assembly.Location);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(directory);
        using var child = Process.Start(start)!;
        var clock = Stopwatch.StartNew();
        var acks = 0;
        try
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack")
                {
                    var a = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    acked[a] = Math.Max(acked[a], long.Parse(parts[2], CultureInfo.InvariantCulture));
                    acks++;
                }

                if (clock.Elapsed > runFor)
                {
                    break;
                }
            }
        }
        finally
        {
            // SIGKILL on Unix: no finalizers, no DisposeAsync, no flush. Acks read so far were printed
            // only after their fsync, so every one of them must be on disk.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        return acks;
    }
}
