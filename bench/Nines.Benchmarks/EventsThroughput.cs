using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nines.Events;

namespace Nines.Benchmarks;

/// <summary>
/// Macro-benchmark of the events store with its WAL on: N appenders send batches of 1,000 spans
/// (or log records) shaped like an instrumented HTTP service's for the given seconds; each batch
/// is acknowledged after its fsync. The clock stops when every acknowledged row is also inserted
/// into DuckDB (a final flush), so the rate is sustained end to end, not just WAL speed.
/// <c>mixed</c>: half the appenders send spans, half send log records, as one collector sending both.
/// Usage: <c>events spans|logs|mixed [appenders] [seconds] [directory]</c>.
/// </summary>
internal static class EventsThroughput
{
    private const int BatchRows = 1000;

    public static async Task RunAsync(string[] args)
    {
        var kind = args.Length > 1 ? args[1] : "spans";
        var appenders = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        var directory = args.Length > 4 ? args[4] : Path.Combine(Path.GetTempPath(), "nines-events-bench-" + Environment.ProcessId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        long rows = 0, batches = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan cpuStart = default;
        TimeSpan acked, total;
        await using (var store = new EventStore(directory))
        {
            await store.OpenAsync();
            cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var deadline = TimeSpan.FromSeconds(seconds);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
            var tasks = new Task[appenders];
            for (var a = 0; a < appenders; a++)
            {
                var appender = a;
                tasks[a] = Task.Run(async () =>
                {
                    using var batch = new EventBatch();
                    var random = new Random(appender);
                    var traceId = new byte[16];
                    var spanId = new byte[8];
                    var parentId = new byte[8];
                    long n = 0;
                    while (clock.Elapsed < deadline)
                    {
                        batch.Clear();
                        for (var i = 0; i < BatchRows; i++, n++)
                        {
                            var t = now + (n * 1000);
                            if (kind == "logs" || (kind == "mixed" && appender % 2 == 1))
                            {
                                AddLog(batch, random, t, traceId, spanId);
                            }
                            else
                            {
                                AddSpan(batch, random, t, traceId, spanId, parentId);
                            }
                        }

                        try
                        {
                            await store.AppendAsync("bench", batch);
                            Interlocked.Add(ref rows, BatchRows);
                            Interlocked.Increment(ref batches);
                        }
                        catch (EventsBackPressureException)
                        {
                            // What a client sees as 503: back off briefly and retry.
                            Interlocked.Increment(ref refused);
                            await Task.Delay(5);
                        }
                    }
                });
            }

            await Task.WhenAll(tasks);
            acked = clock.Elapsed;
            await store.FlushAsync();
            total = clock.Elapsed;
        }

        // On a shared machine the wall-clock rate follows the load; CPU per row (this process,
        // generator included, all threads, user + system) does much less.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;

        // The database file after the closing checkpoint: what a compression choice costs on disk.
        var database = new FileInfo(Path.Combine(directory, "events.duckdb"));
        var bytesPerRow = database.Exists ? (double)database.Length / Math.Max(rows, 1) : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: {appenders} appenders, {rows} rows in {batches} batches; acknowledged {rows / acked.TotalSeconds:F0}/s; sustained (all inserted into DuckDB) {rows / total.TotalSeconds:F0}/s; {refused} refusals (back-pressure); {total.TotalSeconds:F1} s; {cpu.TotalSeconds * 1e6 / Math.Max(rows, 1):F1} CPU-µs per row ({cpu.TotalSeconds:F1} CPU-s); {bytesPerRow:F0} database bytes per row; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")}"));
        Directory.Delete(directory, recursive: true);
    }

    private static readonly string[] Routes = ["/api/cart", "/api/checkout", "/api/items/{id}", "/api/users/{id}", "/healthz"];
    private static readonly byte[] Resource = """{"service.name":"checkout","service.version":"1.4.2","host.name":"pod-7f9c","telemetry.sdk.language":"dotnet","telemetry.sdk.name":"opentelemetry"}"""u8.ToArray();

    private static void AddSpan(EventBatch batch, Random random, long start, byte[] traceId, byte[] spanId, byte[] parentId)
    {
        random.NextBytes(traceId);
        random.NextBytes(spanId);
        random.NextBytes(parentId);
        var route = Routes[random.Next(Routes.Length)];
        var status = random.Next(100) < 3 ? 500 : 200;
        var attributes = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"http.request.method":"GET","http.route":"{{route}}","http.response.status_code":{{status}},"url.scheme":"http","server.address":"checkout","server.port":8080,"network.protocol.version":"1.1","user_agent.original":"k6/0.52"}"""));
        batch.AddSpan(new SpanEntry
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentId,
            Service = "checkout",
            Name = "GET " + route,
            Kind = 2,
            StartUnixNano = start,
            EndUnixNano = start + random.Next(100_000, 50_000_000),
            StatusCode = status == 500 ? 2 : 0,
            Scope = "Microsoft.AspNetCore",
            AttributesJson = attributes,
            ResourceJson = Resource,
        });
    }

    private static void AddLog(EventBatch batch, Random random, long time, byte[] traceId, byte[] spanId)
    {
        random.NextBytes(traceId);
        random.NextBytes(spanId);
        var error = random.Next(100) < 5;
        batch.AddLog(new LogEntry
        {
            TimeUnixNano = time,
            ObservedUnixNano = time + 1000,
            Service = "checkout",
            SeverityNumber = error ? 17 : 9,
            SeverityText = error ? "Error" : "Information",
            Body = error
                ? string.Create(CultureInfo.InvariantCulture, $"Payment for order {random.Next(1_000_000)} failed: card declined")
                : string.Create(CultureInfo.InvariantCulture, $"Request finished HTTP/1.1 GET /api/items/{random.Next(10_000)} - 200 - application/json {random.NextDouble() * 50:F4}ms"),
            TraceId = traceId,
            SpanId = spanId,
            Scope = "Microsoft.AspNetCore.Hosting.Diagnostics",
            AttributesJson = """{"RequestPath":"/api/items","StatusCode":200}"""u8,
            ResourceJson = Resource,
        });
    }
}
