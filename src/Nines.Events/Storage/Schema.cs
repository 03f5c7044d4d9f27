using System.Globalization;

namespace Nines.Events.Storage;

/// <summary>
/// Table layout. One table per signal per UTC day (<c>spans_20261125</c>, <c>logs_20261125</c>),
/// so retention is a <c>DROP TABLE</c>. Rows are appended in arrival order, which is nearly time
/// order, so DuckDB's per-row-group min/max (zone maps) prune time ranges; ids are lowercase hex
/// text (what trace APIs take), attributes are JSON text queried with <c>json_extract_string</c>.
/// </summary>
internal static class Schema
{
    public const long NanosPerDay = 86_400_000_000_000L;

    /// <summary>
    /// DuckDB's rows per row group. An insert that ends in a partly filled row group makes the next
    /// checkpoint recompress that row group and the ones appended after it, so the inserter inserts whole row groups.
    /// </summary>
    public const int RowGroupRows = 122_880;

    // Insert progress, one cursor per signal (see InsertCursor). A database written before the
    // per-signal cursors holds one cursor for both (applied_lsn, partial_lsn, partial_rows counting
    // rows of both signals); EventTables migrates it.
    public const string State = """
        CREATE TABLE IF NOT EXISTS events_state (key VARCHAR PRIMARY KEY, value BIGINT NOT NULL);
        """;

    public const string CreateProgress = """
        INSERT INTO events_state VALUES ('spans_applied_lsn', $applied), ('spans_partial_lsn', 0), ('spans_partial_rows', 0),
          ('logs_applied_lsn', $applied), ('logs_partial_lsn', 0), ('logs_partial_rows', 0) ON CONFLICT DO NOTHING
        """;

    public const string SaveProgress = """
        UPDATE events_state SET value = CASE key
          WHEN 'spans_applied_lsn' THEN $spans_applied WHEN 'spans_partial_lsn' THEN $spans_partial_lsn WHEN 'spans_partial_rows' THEN $spans_partial_rows
          WHEN 'logs_applied_lsn' THEN $logs_applied WHEN 'logs_partial_lsn' THEN $logs_partial_lsn ELSE $logs_partial_rows END
        WHERE key IN ('spans_applied_lsn', 'spans_partial_lsn', 'spans_partial_rows', 'logs_applied_lsn', 'logs_partial_lsn', 'logs_partial_rows')
        """;

    public const string DeleteSingleCursor = "DELETE FROM events_state WHERE key IN ('applied_lsn', 'partial_lsn', 'partial_rows')";

    public static string SpansTable(int day) => "spans_" + DayName(day);

    public static string LogsTable(int day) => "logs_" + DayName(day);

    public static string CreateSpans(int day) => $"""
        CREATE TABLE IF NOT EXISTS {SpansTable(day)} (
          tenant VARCHAR NOT NULL, trace_id VARCHAR NOT NULL, span_id VARCHAR NOT NULL, parent_span_id VARCHAR,
          service VARCHAR NOT NULL, name VARCHAR NOT NULL, kind UTINYINT NOT NULL,
          start_ns BIGINT NOT NULL, end_ns BIGINT NOT NULL, duration_ns BIGINT NOT NULL,
          status_code UTINYINT NOT NULL, status_message VARCHAR, scope VARCHAR, trace_state VARCHAR,
          attributes VARCHAR, resource VARCHAR, events VARCHAR, links VARCHAR)
        """;

    public static string CreateLogs(int day) => $"""
        CREATE TABLE IF NOT EXISTS {LogsTable(day)} (
          tenant VARCHAR NOT NULL, time_ns BIGINT NOT NULL, observed_ns BIGINT NOT NULL, service VARCHAR NOT NULL,
          severity_number UTINYINT NOT NULL, severity_text VARCHAR, body VARCHAR, trace_id VARCHAR, span_id VARCHAR,
          scope VARCHAR, attributes VARCHAR, resource VARCHAR)
        """;

    /// <summary>Days since the Unix epoch of a nanosecond time (floor, so pre-1970 times are negative).</summary>
    public static int Day(long unixNano) => (int)(unixNano >= 0 ? unixNano / NanosPerDay : ((unixNano + 1) / NanosPerDay) - 1);

    /// <summary>Parses <c>spans_YYYYMMDD</c> / <c>logs_YYYYMMDD</c>.</summary>
    public static bool TryParse(string table, out bool spans, out int day)
    {
        spans = table.StartsWith("spans_", StringComparison.Ordinal);
        day = 0;
        var name = spans ? table[6..] : table.StartsWith("logs_", StringComparison.Ordinal) ? table[5..] : null;
        if (name is null || !DateOnly.TryParseExact(name, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        day = date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        return true;
    }

    private static string DayName(int day) =>
        DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays(day).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
