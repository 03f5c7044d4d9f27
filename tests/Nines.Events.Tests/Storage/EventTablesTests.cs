using DuckDB.NET.Data;
using Nines.Events.Storage;
using Nines.Events.Wal;

namespace Nines.Events.Tests.Storage;

public sealed class EventTablesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nines-event-tables-" + Guid.NewGuid().ToString("N")[..12]);

    public EventTablesTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "events.duckdb");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Insert_LimitFallsInsideARecord_RestInsertedOnceAfterReopen()
    {
        // Two WAL records of 1,000 logs each; the limit stops 500 rows into the second one.
        ReadOnlyMemory<byte>[] frames = [Frame(lsn: 1, first: 0), Frame(lsn: 2, first: 1000)];
        using (var tables = new EventTables(DatabasePath, "256MB"))
        {
            Assert.Equal(1500, tables.Insert(frames, int.MinValue, maxLogs: 1500));
            Assert.Equal(new InsertCursor(1, 2, 500), tables.Logs);
            Assert.Equal(Names("log ", 0, 1500), LogBodies(tables));
        }

        // As after a restart: the WAL replays both records, only the rows not yet inserted go in.
        using var reopened = new EventTables(DatabasePath, "256MB");
        Assert.Equal(new InsertCursor(1, 2, 500), reopened.Logs);
        Assert.Equal(500, reopened.Insert(frames, int.MinValue));
        Assert.Equal(new InsertCursor(2, 0, 0), reopened.Logs);
        Assert.Equal(Names("log ", 0, 2000), LogBodies(reopened));
    }

    [Fact]
    public void Open_DatabaseWrittenBeforePartialInserts_KeepsItsAppliedLsn()
    {
        // The state table as the previous version wrote it: applied_lsn only.
        using (var connection = new DuckDBConnection("Data Source=" + DatabasePath))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE events_state (key VARCHAR PRIMARY KEY, value BIGINT NOT NULL);
                INSERT INTO events_state VALUES ('applied_lsn', 7);
                """;
            command.ExecuteNonQuery();
        }

        using (var tables = new EventTables(DatabasePath, "256MB"))
        {
            Assert.Equal((new InsertCursor(7, 0, 0), new InsertCursor(7, 0, 0)), (tables.Spans, tables.Logs));
            Assert.Equal(1000, tables.Insert([Frame(lsn: 7, first: 0), Frame(lsn: 8, first: 1000)], int.MinValue));
            Assert.Equal(Names("log ", 1000, 1000), LogBodies(tables));
        }

        Assert.Equal(PerSignalKeys, StateKeys());
    }

    [Fact]
    public void Insert_SpansAndLogsInterleaved_EachSignalStopsAtItsOwnLimitAndRestGoesInOnceAfterReopen()
    {
        // Three records of 1,000 spans and 1,000 logs, alternating span, log, span, log.
        ReadOnlyMemory<byte>[] frames = [MixedFrame(lsn: 1, first: 0), MixedFrame(lsn: 2, first: 1000), MixedFrame(lsn: 3, first: 2000)];
        using (var tables = new EventTables(DatabasePath, "256MB"))
        {
            Assert.Equal(1500 + 700, tables.Insert(frames, int.MinValue, maxSpans: 1500, maxLogs: 700));
            Assert.Equal(new InsertCursor(1, 2, 500), tables.Spans);
            Assert.Equal(new InsertCursor(0, 1, 700), tables.Logs);
            Assert.Equal(0, tables.AppliedLsn);
        }

        using (var reopened = new EventTables(DatabasePath, "256MB"))
        {
            Assert.Equal((new InsertCursor(1, 2, 500), new InsertCursor(0, 1, 700)), (reopened.Spans, reopened.Logs));
            // Logs only: the spans cursor stays where it was.
            Assert.Equal(1000, reopened.Insert(frames, int.MinValue, maxSpans: 0, maxLogs: 1000));
            Assert.Equal((new InsertCursor(1, 2, 500), new InsertCursor(1, 2, 700)), (reopened.Spans, reopened.Logs));
            Assert.Equal(1, reopened.AppliedLsn);
        }

        using var last = new EventTables(DatabasePath, "256MB");
        Assert.Equal(1500 + 1300, last.Insert(frames, int.MinValue));
        Assert.Equal((new InsertCursor(3, 0, 0), new InsertCursor(3, 0, 0)), (last.Spans, last.Logs));
        Assert.Equal(Names("span ", 0, 3000), SpanNames(last));
        Assert.Equal(Names("log ", 0, 3000), LogBodies(last));
    }

    [Fact]
    public void Open_SingleCursorInsideAMixedRecord_SplitIntoBothSignalsAndRestGoesInOnce()
    {
        // What the single-cursor version left after inserting record 1 and the first 777 rows of
        // record 2: rows 0..776 alternate span, log, so 389 spans and 388 logs of record 2.
        ReadOnlyMemory<byte>[] frames = [MixedFrame(lsn: 1, first: 0), MixedFrame(lsn: 2, first: 1000), MixedFrame(lsn: 3, first: 2000)];
        using (var tables = new EventTables(DatabasePath, "256MB"))
        {
            tables.Insert(frames, int.MinValue, maxSpans: 1389, maxLogs: 1388);
        }

        using (var connection = new DuckDBConnection("Data Source=" + DatabasePath))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM events_state;
                INSERT INTO events_state VALUES ('applied_lsn', 1), ('partial_lsn', 2), ('partial_rows', 777);
                """;
            command.ExecuteNonQuery();
        }

        using (var tables = new EventTables(DatabasePath, "256MB"))
        {
            Assert.Equal(2 * 1000 - 777 + 2000, tables.Insert(frames, int.MinValue));
            Assert.Equal(Names("span ", 0, 3000), SpanNames(tables));
            Assert.Equal(Names("log ", 0, 3000), LogBodies(tables));
        }

        using (var reopened = new EventTables(DatabasePath, "256MB"))
        {
            Assert.Equal((new InsertCursor(3, 0, 0), new InsertCursor(3, 0, 0)), (reopened.Spans, reopened.Logs));
        }

        Assert.Equal(PerSignalKeys, StateKeys());
    }

    private static readonly string[] PerSignalKeys =
        ["logs_applied_lsn", "logs_partial_lsn", "logs_partial_rows", "spans_applied_lsn", "spans_partial_lsn", "spans_partial_rows"];

    private string[] StateKeys()
    {
        using var connection = new DuckDBConnection("Data Source=" + DatabasePath);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM events_state ORDER BY key";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys];
    }

    private static string[] Names(string prefix, int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => prefix + i).Order(StringComparer.Ordinal)];

    private static string[] SpanNames(EventTables tables) =>
        [.. tables.FindSpans(new SpanQuery { Tenant = "t", Limit = 10_000 }).Select(s => s.Name).Order(StringComparer.Ordinal)];

    private static ReadOnlyMemory<byte> MixedFrame(long lsn, int first)
    {
        using var batch = new EventBatch();
        for (var i = first; i < first + 1000; i++)
        {
            TestData.AddSpan(batch, trace: i, span: i, parent: null, "span " + i, TestData.Now + i);
            TestData.AddLog(batch, TestData.Now + i, "log " + i);
        }

        var record = WalFormat.Frame("t", batch);
        WalFormat.Seal(record, lsn);
        return record.Frame.ToArray();
    }

    private static string[] LogBodies(EventTables tables) =>
        [.. tables.FindLogs(new LogQuery { Tenant = "t", Limit = 10_000 }).Select(l => l.Body!).Order(StringComparer.Ordinal)];

    private static ReadOnlyMemory<byte> Frame(long lsn, int first)
    {
        using var batch = new EventBatch();
        for (var i = first; i < first + 1000; i++)
        {
            TestData.AddLog(batch, TestData.Now + i, "log " + i);
        }

        var record = WalFormat.Frame("t", batch);
        WalFormat.Seal(record, lsn);
        return record.Frame.ToArray();
    }
}
