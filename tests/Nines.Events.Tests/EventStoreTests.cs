using Microsoft.Extensions.Time.Testing;
using Nines.Events.Storage;

namespace Nines.Events.Tests;

public sealed class EventStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nines-events-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(TestData.Now / 1_000_000));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task AppendAsync_SpansOfTwoTenants_TraceReadBackExactlyAndOnlyInItsTenant()
    {
        await using var store = await CreateSutAsync();
        using var batch = new EventBatch();
        TestData.AddSpan(batch, trace: 1, span: 10, parent: null, "GET /cart", TestData.Now);
        TestData.AddSpan(batch, trace: 1, span: 11, parent: 10, "SELECT cart", TestData.Now + 100, service: "db", attributes: """{"db.system":"postgresql"}""");
        await store.AppendAsync("team-a", batch);
        batch.Clear();
        TestData.AddSpan(batch, trace: 1, span: 12, parent: null, "other tenant", TestData.Now);
        await store.AppendAsync("team-b", batch);
        await store.FlushAsync();

        var trace = await store.GetTraceAsync("team-a", TestData.Hex(TestData.TraceId(1)));

        Assert.Equal(["GET /cart", "SELECT cart"], trace.Select(s => s.Name));
        var root = trace[0];
        Assert.Equal("ab000000000000000000000000000001", root.TraceId);
        Assert.Equal("cd0000000000000a", root.SpanId);
        Assert.Null(root.ParentSpanId);
        Assert.Equal("cd0000000000000a", trace[1].ParentSpanId);
        Assert.Equal("checkout", root.Service);
        Assert.Equal("db", trace[1].Service);
        Assert.Equal(2, root.Kind);
        Assert.Equal(TestData.Now, root.StartUnixNano);
        Assert.Equal(1_500_000, root.DurationNano);
        Assert.Equal("""{"http.method":"GET"}""", root.Attributes);
        Assert.Equal("""{"service.name":"checkout"}""", root.Resource);
        Assert.Equal("""[{"name":"retry","time_unix_nano":1}]""", root.Events);
        Assert.Null(root.Links);
        Assert.Equal("other tenant", Assert.Single(await store.GetTraceAsync("team-b", TestData.Hex(TestData.TraceId(1)))).Name);
    }

    [Fact]
    public async Task FindSpansAsync_ServiceTimeAndAttribute_OnlyMatchingSpansNewestFirst()
    {
        await using var store = await CreateSutAsync();
        using var batch = new EventBatch();
        for (var i = 0; i < 10; i++)
        {
            TestData.AddSpan(batch, trace: i, span: i, parent: null, "op" + i, TestData.Now + (i * 1_000_000_000L), service: i % 2 == 0 ? "checkout" : "cart",
                attributes: i == 4 ? """{"http.method":"POST"}""" : """{"http.method":"GET"}""");
        }

        await store.AppendAsync("t", batch);
        await store.FlushAsync();

        var spans = await store.FindSpansAsync(new SpanQuery { Tenant = "t", Service = "checkout", FromUnixNano = TestData.Now + 1, ToUnixNano = TestData.Now + 8_000_000_000L });
        Assert.Equal(["op6", "op4", "op2"], spans.Select(s => s.Name));
        var posts = await store.FindSpansAsync(new SpanQuery { Tenant = "t", Attributes = new Dictionary<string, string> { ["http.method"] = "POST" } });
        Assert.Equal("op4", Assert.Single(posts).Name);
        Assert.Empty(await store.FindSpansAsync(new SpanQuery { Tenant = "other" }));
    }

    [Fact]
    public async Task FindLogsAsync_TextSeverityServiceAndTrace_Filtered()
    {
        await using var store = await CreateSutAsync();
        using var batch = new EventBatch();
        TestData.AddLog(batch, TestData.Now, "user ada logged in");
        TestData.AddLog(batch, TestData.Now + 1, "payment failed: card declined", severity: 17, trace: 7);
        TestData.AddLog(batch, TestData.Now + 2, "payment ok", service: "billing");
        await store.AppendAsync("t", batch);
        await store.FlushAsync();

        Assert.Equal(3, (await store.FindLogsAsync(new LogQuery { Tenant = "t" })).Count);
        var errors = await store.FindLogsAsync(new LogQuery { Tenant = "t", MinSeverity = 17 });
        var error = Assert.Single(errors);
        Assert.Equal("payment failed: card declined", error.Body);
        Assert.Equal("ERROR", error.SeverityText);
        Assert.Equal(TestData.Hex(TestData.TraceId(7)), error.TraceId);
        Assert.Equal(TestData.Hex(TestData.SpanId(7)), error.SpanId);
        Assert.Equal(TestData.Now + 6, error.ObservedUnixNano);
        Assert.Equal("""{"user":"ada"}""", error.Attributes);
        Assert.Equal(["payment ok", "payment failed: card declined"], (await store.FindLogsAsync(new LogQuery { Tenant = "t", Contains = "payment" })).Select(l => l.Body));
        Assert.Equal("payment ok", Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "t", Service = "billing" })).Body);
        Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "t", TraceId = TestData.Hex(TestData.TraceId(7)) }));
        Assert.Empty(await store.FindLogsAsync(new LogQuery { Tenant = "t", Contains = "PAYMENT" }));
    }

    [Fact]
    public async Task FindLogsAsync_BodyWithQuotesCommasNewlinesAndUnicode_StoredExactly()
    {
        await using var store = await CreateSutAsync();
        using var batch = new EventBatch();
        const string body = "line one, \"quoted\"\nline two\r\n\ttab \\ back\\slash ünïcødé ☃ \"\"";
        TestData.AddLog(batch, TestData.Now, body);
        TestData.AddLog(batch, TestData.Now + 1, "");
        await store.AppendAsync("t", batch);
        await store.FlushAsync();

        var logs = await store.FindLogsAsync(new LogQuery { Tenant = "t" });
        Assert.Equal(["", body], logs.Select(l => l.Body));
    }

    [Fact]
    public async Task AppendAsync_MoreThanFlushRows_WholeRowGroupInsertedRestAfterInterval()
    {
        // 125 batches of 1,000: the size flush inserts exactly one DuckDB row group (122,880 rows,
        // which ends inside the 123rd batch); the other 2,120 wait for the flush interval.
        await using var store = await CreateSutAsync(new EventsOptions { FlushRows = Schema.RowGroupRows, FlushInterval = TimeSpan.FromHours(1) });
        using var batch = new EventBatch();
        for (var b = 0; b < 125; b++)
        {
            batch.Clear();
            for (var i = 0; i < 1000; i++)
            {
                TestData.AddLog(batch, TestData.Now + (b * 1000) + i, "m");
            }

            await store.AppendAsync("t", batch);
        }

        for (var wait = 0; wait < 600 && store.InsertedRows == 0; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(122_880, store.InsertedRows);
        var newest = Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "t", Limit = 1 }));
        Assert.Equal(TestData.Now + 122_879, newest.TimeUnixNano);

        // The rows left over are inserted when their flush interval has passed.
        _time.Advance(TimeSpan.FromHours(1));
        for (var wait = 0; wait < 600 && store.InsertedRows < 125_000; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(125_000, store.InsertedRows);
        Assert.Equal(TestData.Now + 124_999, Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "t", Limit = 1 })).TimeUnixNano);
    }

    [Fact]
    public async Task AppendAsync_LogsPastFlushRowsWithFewSpans_LogsRowGroupInsertedSpansWaitForInterval()
    {
        // 125 batches of 1,000 logs and 100 spans: the logs reach one row group (122,880) inside
        // the 123rd batch and only they are inserted; the 12,500 spans stay below a flush of their own
        // (a single count of both signals would have inserted 122,880 rows of both, spans included).
        await using var store = await CreateSutAsync(new EventsOptions { FlushRows = Schema.RowGroupRows, FlushInterval = TimeSpan.FromHours(1) });
        using var batch = new EventBatch();
        for (var b = 0; b < 125; b++)
        {
            batch.Clear();
            for (var i = 0; i < 1000; i++)
            {
                TestData.AddLog(batch, TestData.Now + (b * 1000) + i, "m");
                if (i % 10 == 0)
                {
                    TestData.AddSpan(batch, trace: b, span: (b * 1000) + i, parent: null, "s", TestData.Now + (b * 1000) + i);
                }
            }

            await store.AppendAsync("t", batch);
        }

        for (var wait = 0; wait < 600 && store.InsertedRows == 0; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(122_880, store.InsertedRows);
        Assert.Equal(TestData.Now + 122_879, Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "t", Limit = 1 })).TimeUnixNano);
        Assert.Empty(await store.FindSpansAsync(new SpanQuery { Tenant = "t", Limit = 10 }));

        _time.Advance(TimeSpan.FromHours(1));
        for (var wait = 0; wait < 600 && store.InsertedRows < 137_500; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(137_500, store.InsertedRows);
        Assert.Equal(12_500, (await store.FindSpansAsync(new SpanQuery { Tenant = "t", Limit = int.MaxValue })).Count);
        Assert.Equal(125_000, (await store.FindLogsAsync(new LogQuery { Tenant = "t", Limit = int.MaxValue })).Count);
    }

    [Fact]
    public async Task Reopen_AfterGracefulClose_DataKeptAndWalSegmentsDeleted()
    {
        await using (var store = await CreateSutAsync())
        {
            using var batch = new EventBatch();
            TestData.AddSpan(batch, 1, 1, null, "kept", TestData.Now);
            await store.AppendAsync("t", batch);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "wal")));
        await using var reopened = await CreateSutAsync();
        Assert.Equal(0, reopened.ReplayReport.Records);
        Assert.Equal("kept", Assert.Single(await reopened.FindSpansAsync(new SpanQuery { Tenant = "t" })).Name);
    }

    [Fact]
    public async Task Open_WalNotYetInserted_ReplaysEveryAcknowledgedBatch()
    {
        // A long flush interval keeps the acknowledged rows in the WAL only, as at a crash.
        await using (var store = await CreateSutAsync(new EventsOptions { FlushInterval = TimeSpan.FromHours(1) }))
        {
            using var batch = new EventBatch();
            for (var i = 0; i < 50; i++)
            {
                batch.Clear();
                TestData.AddSpan(batch, i, i, null, "s" + i, TestData.Now + i);
                TestData.AddLog(batch, TestData.Now + i, "log " + i);
                await store.AppendAsync("t", batch);
            }

            Assert.Equal(0, store.InsertedRows);
            CopyDirectory(Path.Combine(_directory, "wal"), Path.Combine(_directory, "crashed", "wal"));
        }

        await using var recovered = new EventStore(Path.Combine(_directory, "crashed"), time: _time);
        await recovered.OpenAsync();

        Assert.Equal(50, recovered.ReplayReport.Records);
        Assert.Equal(100, recovered.ReplayReport.Rows);
        Assert.Equal(50, (await recovered.FindSpansAsync(new SpanQuery { Tenant = "t" })).Count);
        Assert.Equal(50, (await recovered.FindLogsAsync(new LogQuery { Tenant = "t" })).Count);
    }

    [Fact]
    public async Task Open_WalAlreadyInserted_NoDuplicates()
    {
        var saved = Path.Combine(_directory, "saved-wal");
        await using (var store = await CreateSutAsync())
        {
            using var batch = new EventBatch();
            TestData.AddSpan(batch, 1, 1, null, "once", TestData.Now);
            await store.AppendAsync("t", batch);
            await store.FlushAsync();
            CopyDirectory(Path.Combine(_directory, "wal"), saved);
        }

        // Put back the segment as if the process died after the insert but before deleting it.
        CopyDirectory(saved, Path.Combine(_directory, "wal"));
        await using var reopened = await CreateSutAsync();

        Assert.Equal(0, reopened.ReplayReport.Records);
        Assert.Single(await reopened.FindSpansAsync(new SpanQuery { Tenant = "t" }));
    }

    [Fact]
    public async Task Open_TornTailInLastSegment_EarlierBatchesKept()
    {
        await using (var store = await CreateSutAsync(new EventsOptions { FlushInterval = TimeSpan.FromHours(1) }))
        {
            using var batch = new EventBatch();
            TestData.AddSpan(batch, 1, 1, null, "whole", TestData.Now);
            await store.AppendAsync("t", batch);
            CopyDirectory(Path.Combine(_directory, "wal"), Path.Combine(_directory, "crashed", "wal"));
        }

        var segment = Directory.GetFiles(Path.Combine(_directory, "crashed", "wal")).Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        // Half of a second copy of the record: a write cut by the crash.
        await File.AppendAllBytesAsync(segment, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        await using var recovered = new EventStore(Path.Combine(_directory, "crashed"), time: _time);
        await recovered.OpenAsync();

        Assert.Equal("whole", Assert.Single(await recovered.FindSpansAsync(new SpanQuery { Tenant = "t" })).Name);
    }

    [Fact]
    public async Task Retention_DayOlderThanRetention_DroppedAndOldRowsNotInserted()
    {
        await using var store = await CreateSutAsync(new EventsOptions { Retention = TimeSpan.FromDays(7) });
        using var batch = new EventBatch();
        TestData.AddSpan(batch, 1, 1, null, "today", TestData.Now);
        TestData.AddSpan(batch, 2, 2, null, "ten days ago", TestData.Now - (10 * 86_400_000_000_000L));
        await store.AppendAsync("t", batch);
        await store.FlushAsync();
        Assert.Equal("today", Assert.Single(await store.FindSpansAsync(new SpanQuery { Tenant = "t" })).Name);

        _time.Advance(TimeSpan.FromDays(8));
        await store.FlushAsync();

        Assert.Empty(await store.FindSpansAsync(new SpanQuery { Tenant = "t" }));
    }

    [Fact]
    public async Task AppendAsync_PendingBytesOverLimit_BackPressureAndNothingWritten()
    {
        await using var store = await CreateSutAsync(new EventsOptions { MaxPendingBytes = 1024 * 1024, FlushInterval = TimeSpan.FromHours(1) });
        using var batch = new EventBatch();
        TestData.AddLog(batch, TestData.Now, new string('x', 700_000));
        await store.AppendAsync("t", batch);

        await Assert.ThrowsAsync<EventsBackPressureException>(async () => await store.AppendAsync("t", batch));

        await store.FlushAsync();
        Assert.Single(await store.FindLogsAsync(new LogQuery { Tenant = "t" }));
        await store.AppendAsync("t", batch);
    }

    private async Task<EventStore> CreateSutAsync(EventsOptions? options = null)
    {
        var store = new EventStore(_directory, options, _time);
        await store.OpenAsync();
        return store;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
