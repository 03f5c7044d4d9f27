using System.Globalization;
using Microsoft.Extensions.Logging;
using Nines.Metrics.Head;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Wal;

/// <summary>
/// WAL truncation by checkpoint, as Prometheus' wlog/checkpoint.go: once the head's samples before
/// a cut are in a block, the segments up to N (all written before the cut took effect) are
/// rewritten into <c>wal/checkpoint.N/00000000</c> keeping only the series still in the head and
/// the samples at or after the cut, then those segments and older checkpoints are deleted. The
/// checkpoint is written under <c>checkpoint.N.tmp</c>, fsynced and renamed, so a crash leaves either
/// the old segments or the complete checkpoint. Replay reads the newest checkpoint, then the
/// segments after N.
/// Series ids: the checkpoint starts with a series record for every live head series under its
/// current head id (the ids the segments after N use); sample ids are mapped through the labels.
/// </summary>
internal static partial class Checkpoint
{
    public const string Prefix = "checkpoint.";
    private const int SamplesPerRecord = 32 * 1024;
    private const int SeriesPerRecord = 1024;

    public static string Name(int index) => Prefix + index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Index of the newest complete checkpoint, or -1.</summary>
    public static int FindLatest(IFileSystem fileSystem, string walDirectory)
    {
        var latest = -1;
        foreach (var name in fileSystem.ListDirectories(walDirectory))
        {
            if (TryParse(name, out var index) && index > latest)
            {
                latest = index;
            }
        }

        return latest;
    }

    /// <summary>Deletes checkpoint tmp directories left by a crash, checkpoints older than <paramref name="keep"/>, and segments up to <paramref name="keep"/>.</summary>
    public static void CleanUp(IFileSystem fileSystem, string walDirectory, int keep)
    {
        var changed = false;
        foreach (var name in fileSystem.ListDirectories(walDirectory))
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal) && (!TryParse(name, out var index) || index < keep))
            {
                fileSystem.DeleteDirectory(Path.Combine(walDirectory, name));
                changed = true;
            }
        }

        if (keep >= 0)
        {
            foreach (var segment in WalFormat.ListSegments(fileSystem, walDirectory))
            {
                if (segment <= keep)
                {
                    fileSystem.Delete(Path.Combine(walDirectory, WalFormat.SegmentName(segment)));
                    changed = true;
                }
            }
        }

        if (changed)
        {
            fileSystem.SyncDirectory(walDirectory);
        }
    }

    /// <summary>
    /// Writes checkpoint <paramref name="last"/> from the previous checkpoint and segments up to
    /// <paramref name="last"/>, then deletes what it replaces. Returns the samples kept.
    /// </summary>
    /// <exception cref="InvalidDataException">A source segment is damaged; nothing was deleted.</exception>
    public static long Create(IFileSystem fileSystem, string walDirectory, int last, long cut, HeadBlock head, int maxRecordBytes, ILogger logger)
    {
        var previous = FindLatest(fileSystem, walDirectory);
        var sources = new List<string>();
        if (previous >= 0)
        {
            var previousDirectory = Path.Combine(walDirectory, Name(previous));
            foreach (var segment in WalFormat.ListSegments(fileSystem, previousDirectory))
            {
                sources.Add(Path.Combine(previousDirectory, WalFormat.SegmentName(segment)));
            }
        }

        foreach (var segment in WalFormat.ListSegments(fileSystem, walDirectory))
        {
            if (segment > previous && segment <= last)
            {
                sources.Add(Path.Combine(walDirectory, WalFormat.SegmentName(segment)));
            }
        }

        var final = Path.Combine(walDirectory, Name(last));
        var tmp = final + ".tmp";
        fileSystem.DeleteDirectory(tmp);
        fileSystem.CreateDirectory(tmp);
        long kept = 0;
        using (var output = fileSystem.OpenAppend(Path.Combine(tmp, WalFormat.SegmentName(0))))
        {
            WriteLiveSeries(output, head);
            kept = CopySamples(fileSystem, sources, output, cut, head, maxRecordBytes);
            output.Sync();
        }

        fileSystem.SyncDirectory(tmp);
        fileSystem.MoveDirectory(tmp, final);
        fileSystem.SyncDirectory(walDirectory);
        CleanUp(fileSystem, walDirectory, last);
        Log.Created(logger, Name(last), sources.Count, kept);
        return kept;
    }

    private static bool TryParse(string name, out int index)
    {
        index = -1;
        return name.Length == Prefix.Length + 8
            && name.StartsWith(Prefix, StringComparison.Ordinal)
            && WalFormat.TryParseSegmentName(name[Prefix.Length..], out index);
    }

    private static void WriteLiveSeries(IAppendFile output, HeadBlock head)
    {
        var last = head.LastSeriesId;
        var buffer = new RecordBuffer(64 * 1024);
        try
        {
            var ids = new List<(uint, LabelSet)>(SeriesPerRecord);
            for (uint id = 1; id <= last + 1; id++)
            {
                var labels = id <= last ? head.GetSeriesLabels(id) : null;
                if (labels is not null)
                {
                    ids.Add((id, labels));
                }

                if (ids.Count == SeriesPerRecord || (id == last + 1 && ids.Count > 0))
                {
                    buffer.BeginRecord();
                    buffer.WriteUVarint((ulong)ids.Count);
                    foreach (var (sid, l) in ids)
                    {
                        WalRecords.WriteSeries(buffer, sid, l);
                    }

                    buffer.EndRecord(WalRecordType.Series, int.MaxValue);
                    output.Write(buffer.WrittenSpan);
                    buffer.Return();
                    buffer = new RecordBuffer(64 * 1024);
                    ids.Clear();
                }
            }
        }
        finally
        {
            buffer.Return();
        }
    }

    private static long CopySamples(IFileSystem fileSystem, List<string> sources, IAppendFile output, long cut, HeadBlock head, int maxRecordBytes)
    {
        var map = new uint[1024];
        var builder = new LabelSetBuilder();
        var ids = new uint[SamplesPerRecord];
        var ts = new long[SamplesPerRecord];
        var vs = new double[SamplesPerRecord];
        var pending = 0;
        long kept = 0;
        foreach (var path in sources)
        {
            using var stream = fileSystem.OpenRead(path);
            using var reader = new WalReader(stream, 256 * 1024, maxRecordBytes);
            while (true)
            {
                var status = reader.Read(out var type, out var payload);
                if (status == WalReadStatus.End)
                {
                    break;
                }

                if (status != WalReadStatus.Record)
                {
                    throw new InvalidDataException($"WAL file {path} has a {status} record at offset {reader.RecordOffset}; checkpoint abandoned.");
                }

                var pr = new PayloadReader(payload);
                var count = pr.ReadUVarint();
                if (type == WalRecordType.Series)
                {
                    for (ulong n = 0; n < count; n++)
                    {
                        var labels = WalRecords.ReadSeries(ref pr, builder, out var walId);
                        if (walId >= map.Length)
                        {
                            Array.Resize(ref map, (int)Math.Min(Math.Max(walId + 1, (uint)map.Length * 2L), int.MaxValue));
                        }

                        map[walId] = head.FindSeries(labels);
                    }

                    continue;
                }

                if (type == WalRecordType.Exemplars)
                {
                    CopyExemplars(ref pr, count, map, cut, output, builder);
                    continue;
                }

                if (type == WalRecordType.HistogramSamples)
                {
                    // Float samples read so far go out first: replay must see a series' samples in WAL order.
                    if (pending > 0)
                    {
                        WriteSamples(output, ids, ts, vs, pending);
                        kept += pending;
                        pending = 0;
                    }

                    kept += CopyHistograms(ref pr, count, map, cut, output);
                    continue;
                }

                long id = 0, t = 0;
                for (ulong n = 0; n < count; n++)
                {
                    id += pr.ReadVarint();
                    t += pr.ReadVarint();
                    var v = pr.ReadDouble();
                    var headId = id > 0 && id < map.Length ? map[id] : 0;
                    if (headId == 0 || t < cut)
                    {
                        continue;
                    }

                    ids[pending] = headId;
                    ts[pending] = t;
                    vs[pending] = v;
                    if (++pending == SamplesPerRecord)
                    {
                        WriteSamples(output, ids, ts, vs, pending);
                        kept += pending;
                        pending = 0;
                    }
                }
            }
        }

        if (pending > 0)
        {
            WriteSamples(output, ids, ts, vs, pending);
            kept += pending;
        }

        return kept;
    }

    private static void WriteSamples(IAppendFile output, uint[] ids, long[] ts, double[] vs, int count)
    {
        var buffer = new RecordBuffer(64 + (count * 12));
        try
        {
            buffer.BeginRecord();
            buffer.WriteUVarint((ulong)count);
            long previousId = 0, previousT = 0;
            for (var i = 0; i < count; i++)
            {
                buffer.WriteVarint(ids[i] - previousId);
                buffer.WriteVarint(ts[i] - previousT);
                buffer.WriteDouble(vs[i]);
                previousId = ids[i];
                previousT = ts[i];
            }

            buffer.EndRecord(WalRecordType.Samples, int.MaxValue);
            output.Write(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Return();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Metrics WAL checkpoint {Name} written from {Sources} file(s), {Samples} samples kept; older segments deleted.")]
        public static partial void Created(ILogger logger, string name, int sources, long samples);
    }
}
