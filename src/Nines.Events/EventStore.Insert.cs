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
        var pending = new List<WalRecord>();
        var takenAt = new List<long>(); // when the inserter took each pending record
        var markers = new List<WalRecord>();
        var frames = new List<ReadOnlyMemory<byte>>();
        long rows = 0;
        long firstAt = 0;
        var completed = false;
        while (!completed)
        {
            if (pending.Count == 0)
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    break;
                }

                firstAt = _time.GetTimestamp();
            }
            else
            {
                var remaining = _options.FlushInterval - _time.GetElapsedTime(firstAt);
                if (remaining > TimeSpan.Zero)
                {
                    var wait = reader.WaitToReadAsync().AsTask();
                    if (await Task.WhenAny(wait, Task.Delay(remaining, _time)).ConfigureAwait(false) == wait && !await wait.ConfigureAwait(false))
                    {
                        completed = true;
                    }
                }
            }

            while (rows < _options.FlushRows && markers.Count == 0 && reader.TryRead(out var record))
            {
                if (record.IsFlush)
                {
                    markers.Add(record);
                    break;
                }

                var (_, spans, logs, _) = WalFormat.Payload(record.Buffer);
                pending.Add(record);
                takenAt.Add(_time.GetTimestamp());
                rows += spans + logs;
            }

            var timely = completed || markers.Count > 0 || _time.GetElapsedTime(firstAt) >= _options.FlushInterval;
            if (timely || rows >= _options.FlushRows)
            {
                // A flush for size inserts whole DuckDB row groups (the rest waits for the next flush):
                // a partly filled row group costs a recompression at the next checkpoint. Flushes for
                // time, markers and shutdown insert everything; the interval of the rows left over runs
                // from when their record was taken, so none waits past it.
                var maxRows = timely || rows < Schema.RowGroupRows ? long.MaxValue : rows - (rows % Schema.RowGroupRows);
                var error = Flush(pending, frames, force: markers.Count > 0, maxRows, ref rows);
                takenAt.RemoveRange(0, takenAt.Count - pending.Count);
                if (pending.Count > 0)
                {
                    firstAt = takenAt[0];
                }

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

        while (pending.Count > 0 && Flush(pending, frames, force: true, long.MaxValue, ref rows) is { } failure)
        {
            // At shutdown the WAL still holds these rows; the next open replays them.
            Log.InsertFailed(_logger, failure);
            foreach (var record in pending)
            {
                record.Release();
            }

            pending.Clear();
        }
    }

    // Inserts up to maxRows pending rows and runs the maintenance that follows inserts; `rows` becomes
    // the rows still pending. Returns the failure, if any.
    private Exception? Flush(List<WalRecord> pending, List<ReadOnlyMemory<byte>> frames, bool force, long maxRows, ref long rows)
    {
        var tables = _tables!;
        try
        {
            if (pending.Count > 0)
            {
                frames.Clear();
                foreach (var record in pending)
                {
                    frames.Add(record.Buffer.AsMemory(0, record.Length));
                }

                Interlocked.Add(ref _insertedRows, tables.Insert(frames, OldestDay(), maxRows));
                frames.Clear();
                var done = 0;
                while (done < pending.Count && pending[done].Lsn <= tables.AppliedLsn)
                {
                    Interlocked.Add(ref _pendingBytes, -pending[done].Length);
                    pending[done].Release();
                    done++;
                }

                pending.RemoveRange(0, done);
                rows = -tables.PartialRows;
                foreach (var record in pending)
                {
                    var (_, spans, logs, _) = WalFormat.Payload(record.Buffer.AsMemory(0, record.Length));
                    rows += spans + logs;
                }
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

    // A closed segment can go once every record in it is in DuckDB's database file, not only in DuckDB's own WAL.
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
