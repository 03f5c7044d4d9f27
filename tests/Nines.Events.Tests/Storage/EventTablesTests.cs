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
            Assert.Equal(1500, tables.Insert(frames, int.MinValue, maxRows: 1500));
            Assert.Equal(1, tables.AppliedLsn);
            Assert.Equal((2, 500), (tables.PartialLsn, tables.PartialRows));
            Assert.Equal(Bodies(0, 1500), LogBodies(tables));
        }

        // As after a restart: the WAL replays both records, only the rows not yet inserted go in.
        using var reopened = new EventTables(DatabasePath, "256MB");
        Assert.Equal((1, 2L, 500), (reopened.AppliedLsn, reopened.PartialLsn, reopened.PartialRows));
        Assert.Equal(500, reopened.Insert(frames, int.MinValue));
        Assert.Equal((2, 0L, 0), (reopened.AppliedLsn, reopened.PartialLsn, reopened.PartialRows));
        Assert.Equal(Bodies(0, 2000), LogBodies(reopened));
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

        using var tables = new EventTables(DatabasePath, "256MB");
        Assert.Equal((7, 0L, 0), (tables.AppliedLsn, tables.PartialLsn, tables.PartialRows));
        Assert.Equal(1000, tables.Insert([Frame(lsn: 7, first: 0), Frame(lsn: 8, first: 1000)], int.MinValue));
        Assert.Equal(Bodies(1000, 1000), LogBodies(tables));
    }

    private static string[] Bodies(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => "log " + i).Order(StringComparer.Ordinal)];

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
