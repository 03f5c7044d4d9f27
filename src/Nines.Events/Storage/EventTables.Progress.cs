using DuckDB.NET.Data;

namespace Nines.Events.Storage;

/// <summary>Insert progress: one cursor per signal in <c>events_state</c>, and the migration from the single cursor.</summary>
internal sealed partial class EventTables
{
    // A database written with one cursor for both signals, stopped inside record _singleCursorPartial
    // after its first _singleCursorRows rows (of both signals); resolved against that record by the first insert.
    private long _singleCursorPartial;
    private int _singleCursorRows;

    /// <summary>How far spans are inserted.</summary>
    public InsertCursor Spans { get; private set; }

    /// <summary>How far log records are inserted.</summary>
    public InsertCursor Logs { get; private set; }

    /// <summary>The highest WAL LSN whose rows (of both signals) are all committed in DuckDB.</summary>
    public long AppliedLsn => Math.Min(Spans.AppliedLsn, Logs.AppliedLsn);

    /// <summary>The highest WAL LSN any row of which is committed in DuckDB.</summary>
    public long HighestLsn => Math.Max(Math.Max(Spans.AppliedLsn, Logs.AppliedLsn), Math.Max(Spans.PartialLsn, Logs.PartialLsn));

    private void LoadProgress()
    {
        var state = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT key, value FROM events_state";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                state[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var single = state.TryGetValue("applied_lsn", out var applied);
        using (var command = _connection.CreateCommand())
        {
            // A single cursor still present wins over per-signal keys: those are only written together with its deletion.
            command.CommandText = Schema.CreateProgress;
            command.Parameters.Add(new DuckDBParameter("applied", single ? applied : 0L));
            command.ExecuteNonQuery();
        }

        if (single)
        {
            Spans = Logs = new InsertCursor(applied, 0, 0);
            _singleCursorPartial = state.GetValueOrDefault("partial_lsn");
            _singleCursorRows = (int)state.GetValueOrDefault("partial_rows");
            if (_singleCursorPartial == 0)
            {
                MigrateSingleCursor([]);
            }

            return;
        }

        Spans = new InsertCursor(state.GetValueOrDefault("spans_applied_lsn"), state.GetValueOrDefault("spans_partial_lsn"), (int)state.GetValueOrDefault("spans_partial_rows"));
        Logs = new InsertCursor(state.GetValueOrDefault("logs_applied_lsn"), state.GetValueOrDefault("logs_partial_lsn"), (int)state.GetValueOrDefault("logs_partial_rows"));
    }

    // Splits the single cursor's partial record into per-signal counts (the record must be among
    // `frames` when it is still in the WAL: it is the first record past applied_lsn) and replaces
    // the single cursor's keys in one transaction.
    private void MigrateSingleCursor(IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var (spans, logs) = (Spans, Logs);
        foreach (var frame in frames)
        {
            if (Wal.WalFormat.Lsn(frame.Span) != _singleCursorPartial)
            {
                continue;
            }

            var reader = new RowReader(Wal.WalFormat.Payload(frame).Rows.Span);
            var (spanRows, logRows) = (0, 0);
            for (var i = 0; i < _singleCursorRows && !reader.End; i++)
            {
                var tag = reader.Byte();
                if (tag == RowFormat.SpanTag)
                {
                    SkipSpan(ref reader);
                    spanRows++;
                }
                else if (tag == RowFormat.LogTag)
                {
                    SkipLog(ref reader);
                    logRows++;
                }
                else
                {
                    throw new InvalidDataException($"Unknown events row tag {tag}.");
                }
            }

            spans = new InsertCursor(spans.AppliedLsn, _singleCursorPartial, spanRows);
            logs = new InsertCursor(logs.AppliedLsn, _singleCursorPartial, logRows);
            break;
        }

        using (var transaction = _connection.BeginTransaction())
        {
            SaveProgress(spans, logs);
            Execute(Schema.DeleteSingleCursor);
            transaction.Commit();
        }

        (Spans, Logs) = (spans, logs);
        (_singleCursorPartial, _singleCursorRows) = (0, 0);
    }

    private void SaveProgress(InsertCursor spans, InsertCursor logs)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = Schema.SaveProgress;
        command.Parameters.Add(new DuckDBParameter("spans_applied", spans.AppliedLsn));
        command.Parameters.Add(new DuckDBParameter("spans_partial_lsn", spans.PartialLsn));
        command.Parameters.Add(new DuckDBParameter("spans_partial_rows", (long)spans.PartialRows));
        command.Parameters.Add(new DuckDBParameter("logs_applied", logs.AppliedLsn));
        command.Parameters.Add(new DuckDBParameter("logs_partial_lsn", logs.PartialLsn));
        command.Parameters.Add(new DuckDBParameter("logs_partial_rows", (long)logs.PartialRows));
        command.ExecuteNonQuery();
    }
}
