using System.Globalization;

namespace Nines.Events.Tests;

/// <summary>
/// Entry point of this test assembly when run as a process (<c>dotnet exec Nines.Events.Tests.dll
/// events-child DIR ROUND [FLUSH-MS]</c>): 4 appenders write batches of <see cref="SpansPerBatch"/> spans and as many
/// logs at full speed and print <c>ack APPENDER BATCH</c> after each acknowledged one, until
/// killed. Used by <see cref="EventStoreKillTests"/>; the test runner never calls it.
/// </summary>
public static class CrashChildProgram
{
    public const int Appenders = 4;
    public const int SpansPerBatch = 200;

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length is not (3 or 4) || args[0] != "events-child")
        {
            return 2;
        }

        var round = int.Parse(args[2], CultureInfo.InvariantCulture);
        var flushMilliseconds = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200;
        await using var store = new EventStore(args[1], new EventsOptions { FlushInterval = TimeSpan.FromMilliseconds(flushMilliseconds) });
        await store.OpenAsync();
        var output = TextWriter.Synchronized(Console.Out);
        var tasks = new Task[Appenders];
        for (var a = 0; a < Appenders; a++)
        {
            var appender = a;
            tasks[a] = Task.Run(async () =>
            {
                using var batch = new EventBatch();
                for (long b = 0; ; b++)
                {
                    batch.Clear();
                    for (var k = 0; k < SpansPerBatch; k++)
                    {
                        var id = Id(round, appender, b, k);
                        TestData.AddSpan(batch, trace: id, span: id, parent: null, "crash", TestData.Now + k);
                        TestData.AddLog(batch, TestData.Now + k, "log " + id.ToString(CultureInfo.InvariantCulture));
                    }

                    await store.AppendAsync(Tenant(appender), batch);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {appender} {b}"));
                    output.Flush();
                }
            });
        }

        await Task.WhenAll(tasks);
        return 0;
    }

    public static string Tenant(int appender) => "crash-" + appender.ToString(CultureInfo.InvariantCulture);

    /// <summary>A unique span number per round, appender, batch and position.</summary>
    public static long Id(int round, int appender, long batch, int k) => (((((long)round * Appenders) + appender) * 1_000_000) + batch) * SpansPerBatch + k;
}
