using System.Data.Common;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace Nines.Events.Storage;

/// <summary>Read side: each query opens its own connection on the same database (DuckDB's MVCC isolates it from the inserter).</summary>
internal sealed partial class EventTables
{
    private const string SpanColumns = "trace_id, span_id, parent_span_id, service, name, kind, start_ns, end_ns, status_code, status_message, scope, trace_state, attributes, resource, events, links";
    private const string LogColumns = "time_ns, observed_ns, service, severity_number, severity_text, body, trace_id, span_id, scope, attributes, resource";

    public IReadOnlyList<SpanRecord> GetTrace(string tenant, string traceId)
    {
        var days = Days(spans: true, int.MinValue, int.MaxValue);
        if (days.Length == 0)
        {
            return [];
        }

        var sql = Union(days, Schema.SpansTable, SpanColumns, "tenant = $tenant AND trace_id = $trace") + " ORDER BY start_ns, span_id";
        return ReadSpans(sql, [new DuckDBParameter("tenant", tenant), new DuckDBParameter("trace", traceId.ToLowerInvariant())]);
    }

    public IReadOnlyList<SpanRecord> FindSpans(SpanQuery query)
    {
        var days = Days(spans: true, Schema.Day(query.FromUnixNano), Schema.Day(query.ToUnixNano));
        if (days.Length == 0 || query.Limit <= 0)
        {
            return [];
        }

        var where = new StringBuilder("tenant = $tenant AND start_ns >= $from AND start_ns < $to");
        var parameters = new List<DuckDBParameter>
        {
            new("tenant", query.Tenant), new("from", query.FromUnixNano), new("to", query.ToUnixNano),
        };
        if (query.Service is not null)
        {
            where.Append(" AND service = $service");
            parameters.Add(new("service", query.Service));
        }

        if (query.Name is not null)
        {
            where.Append(" AND name = $name");
            parameters.Add(new("name", query.Name));
        }

        if (query.MinDurationNano is { } min)
        {
            where.Append(" AND duration_ns >= $min");
            parameters.Add(new("min", min));
        }

        var i = 0;
        foreach (var (key, value) in query.Attributes ?? new Dictionary<string, string>())
        {
            where.Append(CultureInfo.InvariantCulture, $" AND json_extract_string(attributes, $k{i}) = $v{i}");
            parameters.Add(new("k" + i.ToString(CultureInfo.InvariantCulture), JsonPath(key)));
            parameters.Add(new("v" + i.ToString(CultureInfo.InvariantCulture), value));
            i++;
        }

        var sql = Union(days, Schema.SpansTable, SpanColumns, where.ToString())
            + " ORDER BY start_ns DESC LIMIT " + query.Limit.ToString(CultureInfo.InvariantCulture);
        return ReadSpans(sql, parameters);
    }

    public IReadOnlyList<LogRecord> FindLogs(LogQuery query)
    {
        var days = Days(spans: false, Schema.Day(query.FromUnixNano), Schema.Day(query.ToUnixNano));
        if (days.Length == 0 || query.Limit <= 0)
        {
            return [];
        }

        var where = new StringBuilder("tenant = $tenant AND time_ns >= $from AND time_ns < $to");
        var parameters = new List<DuckDBParameter>
        {
            new("tenant", query.Tenant), new("from", query.FromUnixNano), new("to", query.ToUnixNano),
        };
        if (query.Service is not null)
        {
            where.Append(" AND service = $service");
            parameters.Add(new("service", query.Service));
        }

        if (query.MinSeverity is { } severity)
        {
            where.Append(" AND severity_number >= $severity");
            parameters.Add(new("severity", severity));
        }

        if (query.Contains is not null)
        {
            where.Append(" AND contains(body, $text)");
            parameters.Add(new("text", query.Contains));
        }

        if (query.TraceId is not null)
        {
            where.Append(" AND trace_id = $trace");
            parameters.Add(new("trace", query.TraceId.ToLowerInvariant()));
        }

        var sql = Union(days, Schema.LogsTable, LogColumns, where.ToString())
            + " ORDER BY time_ns DESC LIMIT " + query.Limit.ToString(CultureInfo.InvariantCulture);
        var result = new List<LogRecord>();
        using var connection = OpenReader();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new LogRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetByte(3), Text(reader, 4), Text(reader, 5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10)));
        }

        return result;
    }

    private List<SpanRecord> ReadSpans(string sql, IReadOnlyList<DuckDBParameter> parameters)
    {
        var result = new List<SpanRecord>();
        using var connection = OpenReader();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new SpanRecord(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), reader.GetString(4), reader.GetByte(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetByte(8), Text(reader, 9), Text(reader, 10), Text(reader, 11),
                Text(reader, 12), Text(reader, 13), Text(reader, 14), Text(reader, 15)));
        }

        return result;
    }

    // DuckDB.NET shares one database instance among the process's connections to a file.
    private DuckDBConnection OpenReader()
    {
        var connection = new DuckDBConnection(_connection.ConnectionString);
        connection.Open();
        return connection;
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, IReadOnlyList<DuckDBParameter> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(p);
        }

        return command;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Keys with dots ("http.method") must be quoted in a JSON path.
    private static string JsonPath(string key) => "$.\"" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Union(int[] days, Func<int, string> table, string columns, string where)
    {
        var sql = new StringBuilder();
        foreach (var day in days)
        {
            if (sql.Length > 0)
            {
                sql.Append(" UNION ALL ");
            }

            sql.Append("SELECT ").Append(columns).Append(" FROM ").Append(table(day)).Append(" WHERE ").Append(where);
        }

        return sql.ToString();
    }

    private int[] Days(bool spans, int from, int to)
    {
        lock (_daysLock)
        {
            return [.. (spans ? _spanDays : _logDays).Where(d => d >= from && d <= to)];
        }
    }
}
