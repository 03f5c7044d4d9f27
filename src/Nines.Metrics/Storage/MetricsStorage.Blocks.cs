using Microsoft.Extensions.Logging;
using Nines.Metrics.Blocks;
using Nines.Metrics.Head;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    // Sorted by MinTime, never overlapping. Replaced as a whole (copy on write) by the maintenance
    // task only; readers take a snapshot and a reference on each block they read.
    private Block[] _blocks;
    private int _quarantinedBlocks;

    private string Tenant => Path.GetFileName(Path.TrimEndingDirectorySeparator(_directory));

    /// <summary>Persisted blocks currently open, oldest first.</summary>
    public IReadOnlyList<BlockInfo> Blocks
    {
        get
        {
            var blocks = Volatile.Read(ref _blocks);
            var result = new BlockInfo[blocks.Length];
            for (var i = 0; i < blocks.Length; i++)
            {
                var m = blocks[i].Meta;
                result[i] = new BlockInfo(m.Ulid, m.MinTime, m.MaxTime, m.NumSeries, m.NumSamples, m.Level, blocks[i].SizeBytes);
            }

            return result;
        }
    }

    /// <summary>Blocks moved to the quarantine directory since open (checksum or structure failures).</summary>
    public int QuarantinedBlocks => Volatile.Read(ref _quarantinedBlocks);

    /// <summary>
    /// Loads every block directory (a ULID) under <paramref name="directory"/>: deletes leftovers of
    /// an interrupted write or delete, quarantines blocks that fail verification, and deletes blocks
    /// whose data a compacted block already holds (a crash between the compacted block's rename and
    /// the deletion of its sources leaves both).
    /// </summary>
    /// <param name="resolution">The downsampling resolution every block here must have (0: raw); a block with another is quarantined.</param>
    private static Block[] LoadBlocks(IFileSystem fileSystem, string directory, ILogger logger, out int quarantined, long resolution = 0)
    {
        quarantined = 0;
        if (!fileSystem.DirectoryExists(directory))
        {
            return [];
        }

        var blocks = new List<Block>();
        foreach (var name in fileSystem.ListDirectories(directory))
        {
            var path = Path.Combine(directory, name);
            if (name.EndsWith(BlockFormat.TmpCreationSuffix, StringComparison.Ordinal) || name.EndsWith(BlockFormat.TmpDeletionSuffix, StringComparison.Ordinal))
            {
                fileSystem.DeleteDirectory(path);
                continue;
            }

            if (!Ulid.IsValid(name))
            {
                continue;
            }

            try
            {
                var block = Block.Open(fileSystem, path);
                if (block.Meta.Resolution != resolution)
                {
                    block.Release();
                    throw new InvalidDataException($"meta.json says resolution {block.Meta.Resolution} ms; this directory holds {resolution} ms blocks.");
                }

                blocks.Add(block);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                Quarantine(fileSystem, directory, name, logger, ex.Message);
                quarantined++;
            }
        }

        var superseded = new List<Block>();
        foreach (var block in blocks)
        {
            foreach (var other in blocks)
            {
                if (other != block && other.Meta.Level > block.Meta.Level && block.Meta.Sources.All(other.Meta.Sources.Contains))
                {
                    superseded.Add(block);
                    break;
                }
            }
        }

        foreach (var block in superseded)
        {
            blocks.Remove(block);
            block.Release();
            DeleteBlockDirectory(fileSystem, directory, Path.GetFileName(block.Directory));
            Log.SupersededBlockDeleted(logger, block.Meta.Ulid);
        }

        fileSystem.SyncDirectory(directory);
        blocks.Sort(static (a, b) => a.MinTime.CompareTo(b.MinTime));
        return [.. blocks];
    }

    private static void Quarantine(IFileSystem fileSystem, string directory, string name, ILogger logger, string reason)
    {
        var target = Path.Combine(directory, BlockFormat.QuarantineDirectoryName);
        fileSystem.CreateDirectory(target);
        var destination = Path.Combine(target, name);
        fileSystem.DeleteDirectory(destination);
        fileSystem.MoveDirectory(Path.Combine(directory, name), destination);
        fileSystem.SyncDirectory(target);
        fileSystem.SyncDirectory(directory);
        Log.BlockQuarantined(logger, name, destination, reason);
    }

    // Rename first, so a crash mid-delete leaves a *.tmp-for-deletion directory (deleted at the next
    // open), never a half-deleted block that would be loaded.
    private static void DeleteBlockDirectory(IFileSystem fileSystem, string directory, string name)
    {
        var doomed = Path.Combine(directory, name + BlockFormat.TmpDeletionSuffix);
        fileSystem.MoveDirectory(Path.Combine(directory, name), doomed);
        fileSystem.SyncDirectory(directory);
        fileSystem.DeleteDirectory(doomed);
    }

    /// <summary>Acquires the blocks overlapping [mint, maxt]; retries when one was closed under us (it was replaced).</summary>
    private List<Block> AcquireBlocks(long mint, long maxt) => AcquireBlocks(ref _blocks, mint, maxt);

    private static List<Block> AcquireBlocks(ref Block[] list, long mint, long maxt)
    {
        var acquired = new List<Block>();
        while (true)
        {
            var blocks = Volatile.Read(ref list);
            var ok = true;
            foreach (var block in blocks)
            {
                if (block.MinTime > maxt || block.MaxTime <= mint)
                {
                    continue;
                }

                if (!block.TryAcquire())
                {
                    ok = false;
                    break;
                }

                acquired.Add(block);
            }

            if (ok)
            {
                return acquired;
            }

            foreach (var block in acquired)
            {
                block.Release();
            }

            acquired.Clear();
        }
    }

    private List<SelectedSeries> SelectMerged(IReadOnlyList<Index.Matcher> matchers, long mint, long maxt, List<Block> blocks)
    {
        // Blocks oldest first, then the head: each series' chunks end up in time order, and the
        // iterator drops the samples a block and the head's boundary chunk both hold.
        var parts = new List<(LabelSet Labels, ChunkSnapshot[] Chunks)>();
        foreach (var block in blocks)
        {
            block.Select(matchers, mint, maxt, parts);
        }

        var fromBlocks = parts.Count;
        Head.SelectChunks(matchers, mint, maxt, parts);
        if (blocks.Count == 1 && parts.Count == fromBlocks)
        {
            // One block and nothing in the head (an instant query over persisted data): the block
            // returns each series once, in index order, which is label order for every block we
            // or Prometheus write; no merge, and a sort only if a check finds otherwise.
            var single = new List<SelectedSeries>(parts.Count);
            var sorted = true;
            foreach (var (labels, chunks) in parts)
            {
                sorted = sorted && (single.Count == 0 || single[^1].Labels.CompareTo(labels) < 0);
                single.Add(new SelectedSeries(labels, chunks, mint, maxt));
            }

            if (!sorted)
            {
                single.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
            }

            return single;
        }

        var merged = new Dictionary<LabelSet, List<ChunkSnapshot>>();
        var order = new List<LabelSet>();
        foreach (var (labels, chunks) in parts)
        {
            if (!merged.TryGetValue(labels, out var list))
            {
                list = [];
                merged.Add(labels, list);
                order.Add(labels);
            }

            list.AddRange(chunks);
        }

        var result = new List<SelectedSeries>(order.Count);
        foreach (var labels in order)
        {
            result.Add(new SelectedSeries(labels, [.. merged[labels]], mint, maxt));
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    /// <summary>
    /// Persists the head's oldest block range while the head spans more than 1.5 ranges
    /// (Prometheus' compactable head), then truncates the head and the WAL. Steps, each leaving a
    /// state a crash can restart from: (1) on the WAL writer thread, stop accepting samples before
    /// the range end and cut a new segment; (2) write the block (tmp dir, fsync, rename); (3) open
    /// it for queries; (4) drop head chunks before the range end and empty series; (5) checkpoint
    /// the WAL segments before the cut and delete them.
    /// </summary>
    private async Task<int> PersistHeadAsync(CancellationToken cancellationToken)
    {
        var range = (long)_options.BlockRange.TotalMilliseconds;
        var persisted = 0;
        while (true)
        {
            var headMin = Head.MinTime;
            var headMax = Head.MaxTime;
            if (headMin == long.MaxValue || headMax - headMin <= range * 3 / 2)
            {
                return persisted;
            }

            var mint = FloorDiv(headMin, range) * range;
            var maxt = mint + range;
            var previousCut = Head.MinValidTime;
            var segment = -1;
            await _wal.CutSegmentAsync(s => { Head.SetMinValidTime(maxt); segment = s; }, cancellationToken).ConfigureAwait(false);

            // Everything the head holds before maxt goes into the block, not only [mint, maxt): a
            // sample older than mint (a new series appended while the last truncation measured the
            // head's start) would otherwise be dropped by the truncation below without being
            // persisted. No sample before maxt can arrive from now on. Samples before the previous
            // cut are in the previous block already (boundary chunks).
            var series = Head.SnapshotRange(previousCut, maxt - 1);
            if (series.Count > 0)
            {
                var meta = WriteBlock(series, previousCut, mint, maxt, level: 1, sources: null);
                AddBlock(ref _blocks, Block.Open(_fileSystem, Path.Combine(_directory, meta.Ulid)));
                StorageMetrics.Instance.BlockWritten(Tenant, "head");
                Log.HeadPersisted(_logger, meta.Ulid, meta.MinTime, maxt, meta.NumSeries, meta.NumSamples);
            }

            var removed = Head.Truncate(maxt);
            try
            {
                Checkpoint.Create(_fileSystem, _walDirectory, segment - 1, maxt, Head, _options.MaxRecordBytes, _logger);
            }
            catch (InvalidDataException ex)
            {
                // Keeping the segments is safe (replay rejects what the block holds); only disk use grows.
                Log.CheckpointFailed(_logger, ex);
            }

            Log.HeadTruncated(_logger, maxt, removed, Head.SeriesCount);
            persisted++;
        }
    }

    // Writes samples in [from, maxt); the block's range starts at mint or at its oldest sample if older.
    private BlockMeta WriteBlock(List<(LabelSet Labels, ChunkSnapshot[] Chunks)> series, long from, long mint, long maxt, int level, IReadOnlyList<string>? sources)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, _) in series)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                symbols.Add(labels.NameAt(i));
                symbols.Add(labels.ValueAt(i));
            }
        }

        using var writer = new BlockWriter(_fileSystem, _directory, _time, symbols);
        foreach (var (labels, chunks) in series)
        {
            writer.AddSeries(labels, chunks, from, maxt - 1);
        }

        return writer.Commit(Math.Max(from, Math.Min(mint, writer.MinSampleTime)), maxt, level, sources);
    }

    private static void AddBlock(ref Block[] list, Block block)
    {
        var current = Volatile.Read(ref list);
        var next = new Block[current.Length + 1];
        current.CopyTo(next, 0);
        next[^1] = block;
        Array.Sort(next, static (a, b) => a.MinTime.CompareTo(b.MinTime));
        Volatile.Write(ref list, next);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Error, "Metrics block {Block} failed verification and was moved to {Destination}: {Reason}. The other blocks stay readable.")]
        public static partial void BlockQuarantined(ILogger logger, string block, string destination, string reason);

        [LoggerMessage(41, LogLevel.Information, "Metrics block {Block} was already compacted into another block; deleted.")]
        public static partial void SupersededBlockDeleted(ILogger logger, string block);

        [LoggerMessage(42, LogLevel.Information, "Metrics head persisted as block {Block} [{MinTime}, {MaxTime}): {Series} series, {Samples} samples.")]
        public static partial void HeadPersisted(ILogger logger, string block, long minTime, long maxTime, long series, long samples);

        [LoggerMessage(43, LogLevel.Information, "Metrics head truncated before {Cut}: {Removed} series removed, {Series} left.")]
        public static partial void HeadTruncated(ILogger logger, long cut, int removed, int series);

        [LoggerMessage(44, LogLevel.Error, "Metrics WAL checkpoint failed; the segments are kept.")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);
    }
}
