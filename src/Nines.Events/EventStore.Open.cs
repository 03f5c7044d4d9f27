using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Nines.Events.Storage;
using Nines.Events.Wal;

namespace Nines.Events;

/// <summary>Opening: DuckDB, then replay of the WAL records past DuckDB's applied LSN, then the loops.</summary>
public sealed partial class EventStore
{
    private void Open(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var walDirectory = Path.Combine(_directory, "wal");
        Directory.CreateDirectory(walDirectory);
        var tables = new EventTables(Path.Combine(_directory, "events.duckdb"), _options.MemoryLimit);
        try
        {
            var segments = Directory.GetFiles(walDirectory)
                .Select(path => (Path: path, Ok: WalFormat.TryParseSegment(Path.GetFileName(path), out var index), Index: index))
                .Where(s => s.Ok)
                .OrderBy(s => s.Index)
                .ToList();
            var closed = new List<(string Path, long LastLsn)>();
            var maxLsn = tables.HighestLsn;
            long records = 0;
            long rows = 0;
            var oldestDay = OldestDay();
            for (var i = 0; i < segments.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = segments[i].Path;
                var bytes = File.ReadAllBytes(path);
                var frames = new List<ReadOnlyMemory<byte>>();
                long pendingRows = 0;
                long lastLsn = 0;
                var offset = 0;
                var intact = true;
                while (offset + WalFormat.HeaderSize <= bytes.Length)
                {
                    var payload = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
                    if (payload > WalFormat.MaxPayload || offset + WalFormat.HeaderSize + (long)payload > bytes.Length
                        || !WalFormat.Verify(bytes.AsSpan(offset, WalFormat.HeaderSize + (int)payload)))
                    {
                        intact = false;
                        break;
                    }

                    var frame = bytes.AsMemory(offset, WalFormat.HeaderSize + (int)payload);
                    var lsn = WalFormat.Lsn(frame.Span);
                    lastLsn = lsn;
                    maxLsn = Math.Max(maxLsn, lsn);
                    if (lsn > tables.AppliedLsn)
                    {
                        var (_, spans, logs, _) = WalFormat.Payload(frame);
                        frames.Add(frame);
                        pendingRows += spans + logs;
                        records++;
                        rows += spans + logs;
                        if (pendingRows >= _options.FlushRows)
                        {
                            tables.Insert(frames, oldestDay);
                            frames.Clear();
                            pendingRows = 0;
                        }
                    }

                    offset += frame.Length;
                }

                tables.Insert(frames, oldestDay);
                if (!intact || offset != bytes.Length)
                {
                    if (i == segments.Count - 1)
                    {
                        // A torn tail is what a crash during a write leaves; that write was never acknowledged.
                        Log.TornTail(_logger, path, bytes.Length - offset);
                    }
                    else
                    {
                        // Acknowledged data after this point is unreadable: keep the file for an operator instead of deleting it.
                        Log.CorruptSegment(_logger, path, offset);
                        File.Move(path, path + ".corrupt", overwrite: true);
                        continue;
                    }
                }

                closed.Add((path, lastLsn));
            }

            _tables = tables;
            tables.DropBefore(oldestDay);
            _nextRetentionCheck = _time.GetTimestamp();
            ReplayReport = new EventsReplayReport(segments.Count, records, rows, clock.Elapsed);
            if (records > 0)
            {
                Log.Replayed(_logger, records, rows, segments.Count, clock.Elapsed.TotalMilliseconds);
            }

            var wal = new WalWriter(walDirectory, _options.WalSegmentBytes, capacity: 256, maxLsn, _inserts.Writer, _logger);
            foreach (var segment in closed)
            {
                wal.AddClosed(segment.Path, segment.LastLsn);
            }

            wal.Start(segments.Count == 0 ? 1 : segments[^1].Index + 1);
            _inserter = Task.Run(InsertLoopAsync, CancellationToken.None);
            _wal = wal;
        }
        catch
        {
            _tables = null;
            tables.Dispose();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Events WAL replayed: {Records} batch(es), {Rows} row(s) from {Segments} segment(s) in {Milliseconds:F0} ms")]
        public static partial void Replayed(ILogger logger, long records, long rows, int segments, double milliseconds);

        [LoggerMessage(2, LogLevel.Information, "Events WAL segment {Path} ends with {Bytes} byte(s) of an unacknowledged write (crash during a write); ignored")]
        public static partial void TornTail(ILogger logger, string path, int bytes);

        [LoggerMessage(3, LogLevel.Error, "Events WAL segment {Path} is corrupt at offset {Offset}; what follows is lost, the file is kept as .corrupt")]
        public static partial void CorruptSegment(ILogger logger, string path, int offset);

        [LoggerMessage(4, LogLevel.Error, "Events insert into DuckDB failed; retrying (the rows stay in the WAL)")]
        public static partial void InsertFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Events checkpoint or segment deletion failed")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "Events retention dropped {Tables} day table(s)")]
        public static partial void Dropped(ILogger logger, int tables);
    }
}
