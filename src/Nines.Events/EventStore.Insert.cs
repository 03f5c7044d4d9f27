using DuckDB.NET.Data;
using Nines.Events.Storage;
using Nines.Events.Wal;

namespace Nines.Events;

/// <summary>The inserter loop: the single reader of the insert channel and the only writer to DuckDB.</summary>
public sealed partial class EventStore
{
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private async Task InsertLoopAsync()
    {
        var reader = _inserts.Reader;
        var pending = new List<PendingRecord>();
        var markers = new List<WalRecord>();
        var frames = new List<ReadOnlyMemory<byte>>();
        // Per signal: rows not inserted yet, and when the oldest of them was taken.
        long spanRows = 0, logRows = 0, spansSince = 0, logsSince = 0;
        var completed = false;
        while (!completed)
        {
            if (spanRows == 0 && logRows == 0)
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            else
            {
                var oldest = spanRows == 0 ? logsSince : logRows == 0 ? spansSince : Math.Min(spansSince, logsSince);
                var remaining = _options.FlushInterval - _time.GetElapsedTime(oldest);
                if (remaining > TimeSpan.Zero)
                {
                    var wait = reader.WaitToReadAsync().AsTask();
                    if (await Task.WhenAny(wait, Task.Delay(remaining, _time)).ConfigureAwait(false) == wait && !await wait.ConfigureAwait(false))
                    {
                        completed = true;
                    }
                }
            }

            while (spanRows < _options.FlushRows && logRows < _options.FlushRows && markers.Count == 0 && reader.TryRead(out var record))
            {
                if (record.IsFlush)
                {
                    markers.Add(record);
                    break;
                }

                var (_, spans, logs, _) = WalFormat.Payload(record.Buffer);
                var now = _time.GetTimestamp();
                pending.Add(new PendingRecord(record, now, spans, logs));
                (spansSince, spanRows) = spanRows == 0 ? (now, spans) : (spansSince, spanRows + spans);
                (logsSince, logRows) = logRows == 0 ? (now, logs) : (logsSince, logRows + logs);
            }

            // Each signal is flushed on its own rows and interval, in whole row groups of its own table.
            var force = completed || markers.Count > 0;
            var maxSpans = FlushBudget(force, spanRows, spansSince);
            var maxLogs = FlushBudget(force, logRows, logsSince);
            if (force || maxSpans > 0 || maxLogs > 0)
            {
                var error = Flush(pending, frames, force: markers.Count > 0, maxSpans, maxLogs);
                (spanRows, spansSince) = Backlog(pending, _tables!.Spans, spans: true);
                (logRows, logsSince) = Backlog(pending, _tables.Logs, spans: false);
                foreach (var marker in markers)
                {
                    if (error is null)
                    {
                        marker.Completion.TrySetResult();
                    }
                    else
                    {
                        marker.Completion.TrySetException(new IOException("The events insert into DuckDB failed.", error));
                    }
                }

                markers.Clear();
                if (error is not null)
                {
                    // The rows stay pending (and in the WAL); try again after an interval.
                    await Task.Delay(_options.FlushInterval, _time).ConfigureAwait(false);
                }
            }
        }

        while (pending.Count > 0 && Flush(pending, frames, force: true, long.MaxValue, long.MaxValue) is { } failure)
        {
            // At shutdown the WAL still holds these rows; the next open replays them.
            Log.InsertFailed(_logger, failure);
            foreach (var entry in pending)
            {
                entry.Record.Release();
            }

            pending.Clear();
        }
    }

    // How many of a signal's pending rows to insert now (0: none yet). A flush for size inserts whole
    // DuckDB row groups (the rest waits for the next flush): a partly filled row group costs a
    // recompression at the next checkpoint. Flushes for time, markers and shutdown insert everything.
    private long FlushBudget(bool force, long rows, long since)
    {
        if (rows == 0)
        {
            return 0;
        }

        if (force || _time.GetElapsedTime(since) >= _options.FlushInterval)
        {
            return long.MaxValue;
        }

        return rows < _options.FlushRows ? 0 : rows < Schema.RowGroupRows ? long.MaxValue : rows - (rows % Schema.RowGroupRows);
    }

    // A signal's rows still pending after a flush, and when the record holding the oldest of them was taken
    // (so rows left over by a flush for size wait no longer than the interval from their arrival).
    private static (long Rows, long Since) Backlog(List<PendingRecord> pending, InsertCursor cursor, bool spans)
    {
        long rows = 0;
        long since = 0;
        foreach (var entry in pending)
        {
            if (entry.Record.Lsn <= cursor.AppliedLsn)
            {
                continue;
            }

            var left = (spans ? entry.Spans : entry.Logs) - cursor.Inserted(entry.Record.Lsn);
            if (left > 0 && rows == 0)
            {
                since = entry.TakenAt;
            }

            rows += left;
        }

        return (rows, since);
    }

    // Inserts up to maxSpans spans and maxLogs log records of the pending records, releases the records
    // both signals are past, and runs the maintenance that follows inserts. Returns the failure, if any.
    private Exception? Flush(List<PendingRecord> pending, List<ReadOnlyMemory<byte>> frames, bool force, long maxSpans, long maxLogs)
    {
        var tables = _tables!;
        try
        {
            if (pending.Count > 0)
            {
                frames.Clear();
                foreach (var entry in pending)
                {
                    frames.Add(entry.Record.Buffer.AsMemory(0, entry.Record.Length));
                }

                Interlocked.Add(ref _insertedRows, tables.Insert(frames, OldestDay(), maxSpans, maxLogs));
                frames.Clear();
                var done = 0;
                while (done < pending.Count && pending[done].Record.Lsn <= tables.AppliedLsn)
                {
                    Interlocked.Add(ref _pendingBytes, -pending[done].Record.Length);
                    pending[done].Record.Release();
                    done++;
                }

                pending.RemoveRange(0, done);
            }

            if (force || _time.GetElapsedTime(_nextRetentionCheck) >= RetentionEvery)
            {
                _nextRetentionCheck = _time.GetTimestamp();
                var dropped = tables.DropBefore(OldestDay());
                if (dropped > 0)
                {
                    Log.Dropped(_logger, dropped);
                }
            }

            DeleteCheckpointedSegments();
            return null;
        }
        catch (Exception e) when (e is DuckDBException or InvalidDataException or IOException)
        {
            frames.Clear();
            Log.InsertFailed(_logger, e);
            return e;
        }
    }

    // A closed segment can go once every record in it is in DuckDB's database file (both signals' cursors
    // past it), not only in DuckDB's own WAL.
    private void DeleteCheckpointedSegments()
    {
        var closed = _wal?.ClosedSegments;
        if (closed is null || !closed.TryPeek(out var head) || head.LastLsn > _tables!.AppliedLsn)
        {
            return;
        }

        _tables.Checkpoint();
        while (closed.TryPeek(out head) && head.LastLsn <= _tables.AppliedLsn)
        {
            File.Delete(head.Path);
            closed.TryDequeue(out _);
        }
    }
}
