using System.Globalization;
using Microsoft.Extensions.Logging;
using Nines.Metrics.Chunks;
using Nines.Metrics.Exemplars;
using Nines.Metrics.Head;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;
using Nines.Metrics.Storage;

namespace Nines.Metrics.Wal;

/// <summary>
/// Streams the WAL into a head on open. Policy, as Prometheus' WAL repair (tsdb/wlog, <c>Repair</c>):
/// a torn or corrupt record in the last segment is the normal trace of a crash mid-write, so the
/// segment is truncated there; in an earlier segment it is real damage, so that segment and all later
/// ones are moved to <c>wal/corrupted-&lt;time&gt;/</c> (Prometheus deletes them; keeping them lets an
/// operator inspect them) and replay keeps what it read before.
/// WAL series ids are mapped to head ids as they are read: ids are reassigned on every open, and
/// each new segment starts with all series again, so a later series record overrides an earlier one.
/// </summary>
internal static partial class WalReplayer
{
    public static WalReplayReport Replay(IFileSystem fileSystem, string walDirectory, HeadBlock head, CircularExemplarStorage exemplars, MetricsStorageOptions options, TimeProvider timeProvider, ILogger logger, out int lastSegment)
    {
        var started = timeProvider.GetTimestamp();
        var report = new WalReplayReport();
        // The newest checkpoint first (segments it replaced are gone or deleted now), then the segments after it.
        var checkpoint = Checkpoint.FindLatest(fileSystem, walDirectory);
        Checkpoint.CleanUp(fileSystem, walDirectory, checkpoint);
        var map = new uint[1024];
        var builder = new LabelSetBuilder();
        lastSegment = Math.Max(0, checkpoint);
        if (checkpoint >= 0)
        {
            var checkpointDirectory = Path.Combine(walDirectory, Checkpoint.Name(checkpoint));
            report.Checkpoint = Checkpoint.Name(checkpoint);
            foreach (var segment in WalFormat.ListSegments(fileSystem, checkpointDirectory))
            {
                var (cpStatus, cpOffset) = ReplayFile(fileSystem, Path.Combine(checkpointDirectory, WalFormat.SegmentName(segment)), head, exemplars, options, builder, ref map, report);
                if (cpStatus != WalReadStatus.End)
                {
                    // A checkpoint is fsynced before it replaces anything: damage here is the disk's.
                    report.CorruptRecords++;
                    Log.CheckpointDamaged(logger, Checkpoint.Name(checkpoint), cpOffset, cpStatus);
                    break;
                }
            }
        }

        var segments = WalFormat.ListSegments(fileSystem, walDirectory);
        for (var i = 0; i < segments.Count; i++)
        {
            var name = WalFormat.SegmentName(segments[i]);
            var path = Path.Combine(walDirectory, name);
            var (status, badOffset) = ReplayFile(fileSystem, path, head, exemplars, options, builder, ref map, report);
            lastSegment = segments[i];
            if (status == WalReadStatus.End)
            {
                continue;
            }

            report.CorruptRecords++;
            if (i == segments.Count - 1)
            {
                var length = FileLength(fileSystem, path);
                fileSystem.Truncate(path, badOffset);
                report.TruncatedBytes = length - badOffset;
                Log.TornTail(logger, name, badOffset, report.TruncatedBytes, status);
            }
            else
            {
                Quarantine(fileSystem, walDirectory, segments, i, timeProvider, report, logger, status, badOffset);
                if (badOffset == 0)
                {
                    lastSegment = i == 0 ? Math.Max(0, checkpoint) : segments[i - 1];
                }

                break;
            }
        }

        report.Duration = timeProvider.GetElapsedTime(started);
        Log.Replayed(logger, report.Segments, report.Records, report.Series, report.Samples, report.Bytes, report.Duration);
        return report;
    }

    private static (WalReadStatus Status, long BadOffset) ReplayFile(IFileSystem fileSystem, string path, HeadBlock head, CircularExemplarStorage exemplars, MetricsStorageOptions options, LabelSetBuilder builder, ref uint[] map, WalReplayReport report)
    {
        WalReadStatus status;
        using var stream = fileSystem.OpenRead(path);
        using var reader = new WalReader(stream, options.ReplayBufferBytes, options.MaxRecordBytes);
        report.Segments++;
        while (true)
        {
            status = reader.Read(out var type, out var payload);
            if (status != WalReadStatus.Record)
            {
                break;
            }

            try
            {
                if (type == WalRecordType.Series)
                {
                    ApplySeries(payload, head, builder, ref map, report);
                }
                else if (type == WalRecordType.Exemplars)
                {
                    ApplyExemplars(payload, head, exemplars, builder, map, report);
                }
                else if (type == WalRecordType.HistogramSamples)
                {
                    ApplyHistograms(payload, head, map, report);
                }
                else
                {
                    ApplySamples(payload, head, map, report);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
            {
                // A checksummed record that does not decode: written by a bug, treated as damage.
                status = WalReadStatus.Corrupt;
                break;
            }

            report.Records++;
            report.Bytes += WalFormat.HeaderSize + payload.Length;
        }

        report.MaxBufferedBytes = Math.Max(report.MaxBufferedBytes, reader.MaxBufferedBytes);
        return (status, reader.RecordOffset);
    }

    private static void ApplySeries(ReadOnlySpan<byte> payload, HeadBlock head, LabelSetBuilder builder, ref uint[] map, WalReplayReport report)
    {
        var reader = new PayloadReader(payload);
        var count = reader.ReadUVarint();
        for (ulong n = 0; n < count; n++)
        {
            var labels = WalRecords.ReadSeries(ref reader, builder, out var walId);
            if (walId >= map.Length)
            {
                Array.Resize(ref map, (int)Math.Min(Math.Max(walId + 1, (uint)map.Length * 2L), int.MaxValue));
            }

            map[walId] = head.GetOrCreateSeries(labels);
            report.Series++;
        }
    }

    private static void ApplySamples(ReadOnlySpan<byte> payload, HeadBlock head, uint[] map, WalReplayReport report)
    {
        var reader = new PayloadReader(payload);
        var count = reader.ReadUVarint();
        long id = 0, t = 0;
        for (ulong n = 0; n < count; n++)
        {
            id += reader.ReadVarint();
            t += reader.ReadVarint();
            var v = reader.ReadDouble();
            report.Samples++;
            var headId = id > 0 && id < map.Length ? map[id] : 0;
            if (headId == 0)
            {
                report.UnknownSeriesSamples++;
                continue;
            }

            if (head.Append(headId, t, v) != AppendResult.Ok)
            {
                report.RejectedSamples++;
            }
        }
    }

    private static void CopyPrefix(IFileSystem fileSystem, string source, string destination, long length)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var input = fileSystem.OpenRead(source);
            using var output = fileSystem.OpenAppend(destination);
            while (length > 0)
            {
                var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
                if (read == 0)
                {
                    throw new IOException($"'{source}' ended before the {length} bytes left to copy.");
                }

                output.Write(buffer.AsSpan(0, read));
                length -= read;
            }

            output.Sync();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long FileLength(IFileSystem fileSystem, string path)
    {
        using var stream = fileSystem.OpenRead(path);
        return stream.Length;
    }

    private static void Quarantine(IFileSystem fileSystem, string walDirectory, List<int> segments, int first, TimeProvider timeProvider, WalReplayReport report, ILogger logger, WalReadStatus status, long offset)
    {
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = Path.Combine(walDirectory, WalFormat.CorruptedDirectoryPrefix + stamp);
        fileSystem.CreateDirectory(target);
        var moved = new List<string>(segments.Count - first);
        for (var j = first; j < segments.Count; j++)
        {
            var name = WalFormat.SegmentName(segments[j]);
            fileSystem.Move(Path.Combine(walDirectory, name), Path.Combine(target, name));
            moved.Add(name);
        }

        // The head already holds the damaged segment's valid prefix; put that prefix back under the
        // segment's name so the next open replays it too (otherwise it would be in memory only).
        if (offset > 0)
        {
            CopyPrefix(fileSystem, Path.Combine(target, moved[0]), Path.Combine(walDirectory, moved[0]), offset);
        }

        fileSystem.SyncDirectory(target);
        fileSystem.SyncDirectory(walDirectory);
        report.QuarantinedSegments = moved;
        report.QuarantineDirectory = target;
        Log.Quarantined(logger, moved[0], offset, status, moved.Count, target);
    }

    private static partial class Log
    {
        [LoggerMessage(13, LogLevel.Error, "Metrics WAL checkpoint {Name} has a {Status} record at offset {Offset}; replayed what came before it.")]
        public static partial void CheckpointDamaged(ILogger logger, string name, long offset, WalReadStatus status);

        [LoggerMessage(10, LogLevel.Warning, "Metrics WAL segment {Segment} ends with a {Status} record at offset {Offset}; truncated {Bytes} bytes (normal after a crash).")]
        public static partial void TornTail(ILogger logger, string segment, long offset, long bytes, WalReadStatus status);

        [LoggerMessage(11, LogLevel.Error, "Metrics WAL segment {Segment} has a {Status} record at offset {Offset}; moved {Count} segment(s) to {Directory}. Data before the damage was kept.")]
        public static partial void Quarantined(ILogger logger, string segment, long offset, WalReadStatus status, int count, string directory);

        [LoggerMessage(12, LogLevel.Information, "Metrics WAL replayed: {Segments} segment(s), {Records} records, {Series} series, {Samples} samples, {Bytes} bytes in {Duration}.")]
        public static partial void Replayed(ILogger logger, int segments, long records, long series, long samples, long bytes, TimeSpan duration);
    }
}
