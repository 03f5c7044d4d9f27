using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace Nines.Events.Storage;

/// <summary>
/// The DuckDB side: one database file for all tenants (every row carries its tenant), day tables,
/// inserts through the Appender inside one transaction that also records how far each signal is
/// inserted (<see cref="InsertCursor"/>), retention by dropping day tables, and the read queries. Writes (inserts, DDL, checkpoints)
/// come from the inserter loop only; queries use their own connections to the same database.
/// </summary>
internal sealed partial class EventTables : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly Lock _daysLock = new();
    private readonly SortedSet<int> _spanDays = [];
    private readonly SortedSet<int> _logDays = [];
    private readonly Dictionary<int, DuckDBAppender> _spanAppenders = [];
    private readonly Dictionary<int, DuckDBAppender> _logAppenders = [];

    public EventTables(string path, string memoryLimit)
    {
        _connection = new DuckDBConnection("Data Source=" + path);
        _connection.Open();
        Execute($"SET memory_limit = '{memoryLimit.Replace("'", "", StringComparison.Ordinal)}'");
        Execute(Schema.State);
        LoadDays();
        LoadProgress();
    }

    /// <summary>
    /// Inserts the rows of WAL frames (in LSN order) in one transaction with the new cursors, at
    /// most <paramref name="maxSpans"/> spans and <paramref name="maxLogs"/> log records: each
    /// signal's cursor stops at its first row past its limit (inside a record, the next call goes
    /// on from there) while the other signal goes on. Rows of days before
    /// <paramref name="oldestDay"/> are past retention and skipped (they count against the
    /// limits). Returns the rows inserted.
    /// </summary>
    public long Insert(IReadOnlyList<ReadOnlyMemory<byte>> frames, int oldestDay, long maxSpans = long.MaxValue, long maxLogs = long.MaxValue)
    {
        if (frames.Count == 0)
        {
            return 0;
        }

        if (_singleCursorPartial != 0)
        {
            MigrateSingleCursor(frames);
        }

        long rows = 0;
        var spans = new SignalProgress(Spans, maxSpans);
        var logs = new SignalProgress(Logs, maxLogs);
        using var transaction = _connection.BeginTransaction();
        try
        {
            foreach (var frame in frames)
            {
                var lsn = Wal.WalFormat.Lsn(frame.Span);
                if (lsn <= AppliedLsn)
                {
                    continue;
                }

                if (spans.Stopped && logs.Stopped)
                {
                    break;
                }

                var (tenant, _, _, payload) = Wal.WalFormat.Payload(frame);
                spans.Begin(lsn);
                logs.Begin(lsn);
                rows += AppendRows(tenant, payload.Span, oldestDay, ref spans, ref logs);
                spans.End();
                logs.End();
            }

            CloseAppenders();
            SaveProgress(spans.Cursor, logs.Cursor);
            transaction.Commit();
            (Spans, Logs) = (spans.Cursor, logs.Cursor);
            return rows;
        }
        catch
        {
            // The transaction rolls back with its appenders and any table it created.
            try
            {
                CloseAppenders();
            }
            catch (DuckDBException)
            {
            }

            transaction.Rollback();
            LoadDays();
            throw;
        }
    }

    /// <summary>Writes DuckDB's WAL into the database file, so the events WAL segments before it can go.</summary>
    public void Checkpoint() => Execute("CHECKPOINT");

    /// <summary>Drops the day tables before <paramref name="oldestDay"/>; returns how many.</summary>
    public int DropBefore(int oldestDay)
    {
        int[] spans;
        int[] logs;
        lock (_daysLock)
        {
            spans = [.. _spanDays.Where(d => d < oldestDay)];
            logs = [.. _logDays.Where(d => d < oldestDay)];
        }

        foreach (var day in spans)
        {
            lock (_daysLock)
            {
                _spanDays.Remove(day);
            }

            Execute("DROP TABLE IF EXISTS " + Schema.SpansTable(day));
        }

        foreach (var day in logs)
        {
            lock (_daysLock)
            {
                _logDays.Remove(day);
            }

            Execute("DROP TABLE IF EXISTS " + Schema.LogsTable(day));
        }

        return spans.Length + logs.Length;
    }

    public void Dispose() => _connection.Dispose();

    private void CloseAppenders()
    {
        foreach (var appender in _spanAppenders.Values)
        {
            appender.Dispose();
        }

        _spanAppenders.Clear();
        foreach (var appender in _logAppenders.Values)
        {
            appender.Dispose();
        }

        _logAppenders.Clear();
    }

    private void LoadDays()
    {
        lock (_daysLock)
        {
            _spanDays.Clear();
            _logDays.Clear();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (Schema.TryParse(reader.GetString(0), out var spans, out var day))
                {
                    (spans ? _spanDays : _logDays).Add(day);
                }
            }
        }
    }

    // Appends the rows of one record that each signal's progress takes; returns the rows appended.
    private int AppendRows(string tenant, ReadOnlySpan<byte> rows, int oldestDay, ref SignalProgress spans, ref SignalProgress logs)
    {
        var reader = new RowReader(rows);
        var appended = 0;
        while (!reader.End && (spans.Active || logs.Active))
        {
            var tag = reader.Byte();
            if (tag == RowFormat.SpanTag)
            {
                appended += spans.Take() ? AppendSpan(tenant, ref reader, oldestDay) : SkipSpan(ref reader);
            }
            else if (tag == RowFormat.LogTag)
            {
                appended += logs.Take() ? AppendLog(tenant, ref reader, oldestDay) : SkipLog(ref reader);
            }
            else
            {
                throw new InvalidDataException($"Unknown events row tag {tag}.");
            }
        }

        return appended;
    }

    // Reads past a span (after its tag) without appending it; the fixed part is 51 bytes (RowFormat), then 9 strings.
    private static int SkipSpan(ref RowReader reader)
    {
        reader.Bytes(51);
        for (var i = 0; i < 9; i++)
        {
            reader.Utf8(out _);
        }

        return 0;
    }

    // Reads past a log record (after its tag): 42 fixed bytes, then 6 strings.
    private static int SkipLog(ref RowReader reader)
    {
        reader.Bytes(42);
        for (var i = 0; i < 6; i++)
        {
            reader.Utf8(out _);
        }

        return 0;
    }

    private int AppendSpan(string tenant, ref RowReader reader, int oldestDay)
    {
        Span<byte> traceId = stackalloc byte[32];
        Span<byte> spanId = stackalloc byte[16];
        Span<byte> parent = stackalloc byte[16];
        Hex(reader.Bytes(16), traceId);
        Hex(reader.Bytes(8), spanId);
        var hasParent = reader.Byte() == 1;
        Hex(reader.Bytes(8), parent);
        var kind = reader.Byte();
        var status = reader.Byte();
        var start = reader.Int64();
        var end = reader.Int64();
        var service = reader.Utf8(out _);
        var name = reader.Utf8(out _);
        var statusMessage = reader.Utf8(out var statusMessageNull);
        var scope = reader.Utf8(out var scopeNull);
        var traceState = reader.Utf8(out var traceStateNull);
        var attributes = reader.Utf8(out _);
        var resource = reader.Utf8(out _);
        var events = reader.Utf8(out _);
        var links = reader.Utf8(out _);
        var day = Schema.Day(start);
        if (day < oldestDay)
        {
            return 0;
        }

        var row = Appender(spans: true, day).CreateRow();
        row.AppendValue(tenant);
        Text(row, traceId);
        Text(row, spanId);
        Optional(row, hasParent ? parent : default);
        Text(row, service);
        Text(row, name);
        row.AppendValue((byte?)kind).AppendValue((long?)start).AppendValue((long?)end).AppendValue((long?)(end - start)).AppendValue((byte?)status);
        Nullable(row, statusMessage, statusMessageNull);
        Nullable(row, scope, scopeNull);
        Nullable(row, traceState, traceStateNull);
        Optional(row, attributes);
        Optional(row, resource);
        Optional(row, events);
        Optional(row, links);
        row.EndRow();
        return 1;
    }

    private int AppendLog(string tenant, ref RowReader reader, int oldestDay)
    {
        Span<byte> traceId = stackalloc byte[32];
        Span<byte> spanId = stackalloc byte[16];
        var time = reader.Int64();
        var observed = reader.Int64();
        var severity = reader.Byte();
        var ids = reader.Byte();
        Hex(reader.Bytes(16), traceId);
        Hex(reader.Bytes(8), spanId);
        var service = reader.Utf8(out _);
        var severityText = reader.Utf8(out var severityTextNull);
        var body = reader.Utf8(out var bodyNull);
        var scope = reader.Utf8(out var scopeNull);
        var attributes = reader.Utf8(out _);
        var resource = reader.Utf8(out _);
        var day = Schema.Day(time);
        if (day < oldestDay)
        {
            return 0;
        }

        var row = Appender(spans: false, day).CreateRow();
        row.AppendValue(tenant).AppendValue((long?)time).AppendValue((long?)observed);
        Text(row, service);
        row.AppendValue((byte?)severity);
        Nullable(row, severityText, severityTextNull);
        Nullable(row, body, bodyNull);
        Optional(row, (ids & 1) != 0 ? traceId : default);
        Optional(row, (ids & 2) != 0 ? spanId : default);
        Nullable(row, scope, scopeNull);
        Optional(row, attributes);
        Optional(row, resource);
        row.EndRow();
        return 1;
    }

    // UTF-8 straight from the WAL buffer into DuckDB's vector (the span overload copies the bytes
    // into the string vector); a .NET string would cost a decode, an allocation and an unmanaged copy per value.
    // An empty span is appended as NULL by DuckDB.NET, so NOT NULL columns pass empty text as a string.
    private static void Text(IDuckDBAppenderRow row, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            row.AppendValue("");
        }
        else
        {
            row.AppendValue(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(utf8), utf8.Length));
        }
    }

    // A text that may be missing: NULL when it was not sent, "" when an empty string was.
    private static void Nullable(IDuckDBAppenderRow row, ReadOnlySpan<byte> utf8, bool isNull)
    {
        if (isNull)
        {
            row.AppendNullValue();
        }
        else
        {
            Text(row, utf8);
        }
    }

    // Ids and JSON fields: empty means absent.
    private static void Optional(IDuckDBAppenderRow row, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            row.AppendNullValue();
        }
        else
        {
            row.AppendValue(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(utf8), utf8.Length));
        }
    }

    private static void Hex(ReadOnlySpan<byte> bytes, Span<byte> utf8)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (var i = 0; i < bytes.Length; i++)
        {
            utf8[2 * i] = digits[bytes[i] >> 4];
            utf8[(2 * i) + 1] = digits[bytes[i] & 0xf];
        }
    }

    private DuckDBAppender Appender(bool spans, int day)
    {
        var appenders = spans ? _spanAppenders : _logAppenders;
        if (appenders.TryGetValue(day, out var appender))
        {
            return appender;
        }

        var days = spans ? _spanDays : _logDays;
        bool known;
        lock (_daysLock)
        {
            known = days.Contains(day);
        }

        if (!known)
        {
            // DDL inside the insert transaction: a rollback also forgets the table, so the set is updated only after it exists.
            Execute(spans ? Schema.CreateSpans(day) : Schema.CreateLogs(day));
        }

        appender = _connection.CreateAppender(spans ? Schema.SpansTable(day) : Schema.LogsTable(day));
        appenders[day] = appender;
        if (!known)
        {
            lock (_daysLock)
            {
                days.Add(day);
            }
        }

        return appender;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
