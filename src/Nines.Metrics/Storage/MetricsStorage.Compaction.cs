using Microsoft.Extensions.Logging;
using Nines.Metrics.Blocks;
using Nines.Metrics.Head;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    private long _compactions;
    private long _retentionDeletions;

    /// <summary>Compactions (blocks merged into one) since open.</summary>
    public long Compactions => Interlocked.Read(ref _compactions);

    /// <summary>Blocks deleted by retention (age or size) since open.</summary>
    public long RetentionDeletions => Interlocked.Read(ref _retentionDeletions);

    /// <summary>
    /// One compaction, if one is due: the smallest range (BlockRange × 3, × 9, …) in which at least
    /// two blocks fall inside one aligned window that the head can no longer add samples to. The
    /// merged block is durable before the sources are removed from the list and deleted; a crash in
    /// between leaves both, and the next open deletes the sources (their ULIDs are in the merged
    /// block's sources). Returns whether a compaction ran.
    /// </summary>
    private bool CompactOnce()
    {
        var blocks = Volatile.Read(ref _blocks);
        var minValid = Head.MinValidTime;
        foreach (var range in _options.CompactionRanges())
        {
            for (var i = 0; i < blocks.Length;)
            {
                var window = FloorDiv(blocks[i].MinTime, range);
                var j = i;
                while (j < blocks.Length && FloorDiv(blocks[j].MinTime, range) == window && blocks[j].MaxTime <= (window + 1) * range)
                {
                    j++;
                }

                var windowEnd = (window + 1) * range;
                if (j - i >= 2 && windowEnd <= minValid)
                {
                    Compact(blocks[i..j]);
                    return true;
                }

                i = Math.Max(j, i + 1);
            }
        }

        return false;
    }

    private void Compact(Block[] sources)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        var level = 0;
        var sourceIds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var block in sources)
        {
            level = Math.Max(level, block.Meta.Level);
            sourceIds.UnionWith(block.Meta.Sources);
            foreach (var labels in block.AllLabels())
            {
                for (var i = 0; i < labels.Count; i++)
                {
                    symbols.Add(labels.NameAt(i));
                    symbols.Add(labels.ValueAt(i));
                }
            }
        }

        var mint = sources[0].MinTime;
        var maxt = sources[^1].MaxTime;
        BlockMeta meta;
        using (var writer = new BlockWriter(_fileSystem, _directory, _time, symbols, dense: _options.DenseCompactedBlocks))
        {
            foreach (var (labels, chunks) in MergeSeries(sources))
            {
                // Histogram samples are re-encoded through HistogramChunk like floats through XorChunk.
                writer.AddSeries(labels, chunks, long.MinValue, long.MaxValue);
            }

            meta = writer.Commit(mint, maxt, level + 1, [.. sourceIds]);
        }

        var merged = Block.Open(_fileSystem, Path.Combine(_directory, meta.Ulid));
        ReplaceBlocks(sources, merged);
        Interlocked.Increment(ref _compactions);
        StorageMetrics.Instance.BlockWritten(Tenant, "compaction");
        StorageMetrics.Instance.BlocksDeleted(Tenant, "compacted", sources.Length);
        Log.Compacted(_logger, sources.Length, meta.Ulid, mint, maxt, meta.Level);
    }

    /// <summary>
    /// The sources' series in label order, each with the chunks of every source holding it (sources
    /// oldest first, so the chunks are in time order): a k-way merge of the blocks' indexes with one
    /// series' chunks in memory at a time.
    /// </summary>
    private static IEnumerable<(LabelSet Labels, ChunkSnapshot[] Chunks)> MergeSeries(Block[] sources)
    {
        var cursors = new IEnumerator<(LabelSet Labels, ChunkSnapshot[] Chunks)>[sources.Length];
        var live = new bool[sources.Length];
        try
        {
            for (var s = 0; s < sources.Length; s++)
            {
                cursors[s] = sources[s].AllSeries().GetEnumerator();
                live[s] = cursors[s].MoveNext();
            }

            var chunks = new List<ChunkSnapshot>();
            while (true)
            {
                LabelSet? next = null;
                for (var s = 0; s < sources.Length; s++)
                {
                    if (live[s] && (next is null || cursors[s].Current.Labels.CompareTo(next) < 0))
                    {
                        next = cursors[s].Current.Labels;
                    }
                }

                if (next is null)
                {
                    yield break;
                }

                chunks.Clear();
                for (var s = 0; s < sources.Length; s++)
                {
                    if (live[s] && cursors[s].Current.Labels.Equals(next))
                    {
                        chunks.AddRange(cursors[s].Current.Chunks);
                        live[s] = cursors[s].MoveNext();
                    }
                }

                yield return (next, [.. chunks]);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor?.Dispose();
            }
        }
    }

    /// <summary>Deletes blocks beyond the retention age (behind the newest sample) or size, oldest first.</summary>
    private int ApplyRetention()
    {
        var blocks = Volatile.Read(ref _blocks);
        var newest = Math.Max(Head.MaxTime, blocks.Length > 0 ? blocks[^1].MaxTime - 1 : long.MinValue);
        var doomed = new List<Block>();
        if (_options.Retention > TimeSpan.Zero && blocks.Length > 0)
        {
            var cutoff = newest - (long)_options.Retention.TotalMilliseconds;

            // Raw data is kept by age until it has been downsampled (a long outage must not skip
            // the 5m resolution); the size limit below still applies.
            if (_options.Downsampling)
            {
                cutoff = Math.Min(cutoff, DownsampledUntil(ref _blocks5m));
            }

            foreach (var block in blocks)
            {
                if (block.MaxTime <= cutoff)
                {
                    doomed.Add(block);
                }
            }
        }

        if (_options.RetentionSizeBytes > 0)
        {
            long total = 0;
            foreach (var block in blocks)
            {
                total += block.SizeBytes;
            }

            foreach (var block in blocks)
            {
                if (total <= _options.RetentionSizeBytes)
                {
                    break;
                }

                if (!doomed.Contains(block))
                {
                    doomed.Add(block);
                }

                total -= block.SizeBytes;
            }
        }

        if (doomed.Count > 0)
        {
            ReplaceBlocks([.. doomed], null);
            Interlocked.Add(ref _retentionDeletions, doomed.Count);
            StorageMetrics.Instance.BlocksDeleted(Tenant, "retention", doomed.Count);
            Log.RetentionDeleted(_logger, doomed.Count);
        }

        return doomed.Count
            + ApplyDownsampledRetention(ref _blocks5m, Downsampled5mDirectory, _options.Retention5m, newest, keepAfter: _options.Downsampling ? DownsampledUntil(ref _blocks1h) : long.MaxValue)
            + ApplyDownsampledRetention(ref _blocks1h, Downsampled1hDirectory, _options.Retention1h, newest, keepAfter: long.MaxValue);
    }

    // keepAfter: 5m blocks are kept by age until the 1h blocks hold their data.
    private int ApplyDownsampledRetention(ref Block[] list, string directory, TimeSpan retention, long newest, long keepAfter)
    {
        if (retention <= TimeSpan.Zero || newest == long.MinValue)
        {
            return 0;
        }

        var cutoff = Math.Min(newest - (long)retention.TotalMilliseconds, keepAfter);
        var doomed = new List<Block>();
        foreach (var block in Volatile.Read(ref list))
        {
            if (block.MaxTime <= cutoff)
            {
                doomed.Add(block);
            }
        }

        if (doomed.Count > 0)
        {
            ReplaceBlocks(ref list, directory, [.. doomed], null);
            Interlocked.Add(ref _retentionDeletions, doomed.Count);
            StorageMetrics.Instance.BlocksDeleted(Tenant, "retention", doomed.Count);
            Log.RetentionDeleted(_logger, doomed.Count);
        }

        return doomed.Count;
    }

    /// <summary>Moves blocks a read found corrupt after open to the quarantine directory.</summary>
    private void QuarantineCorruptBlocks()
    {
        QuarantineCorruptBlocks(ref _blocks, _directory);
        QuarantineCorruptBlocks(ref _blocks5m, Downsampled5mDirectory);
        QuarantineCorruptBlocks(ref _blocks1h, Downsampled1hDirectory);
    }

    private void QuarantineCorruptBlocks(ref Block[] list, string directory)
    {
        foreach (var block in Volatile.Read(ref list))
        {
            if (block.IsCorrupt)
            {
                RemoveFromList(ref list, [block], null);
                Quarantine(_fileSystem, directory, Path.GetFileName(block.Directory), _logger, "a chunk failed its checksum when read");
                Interlocked.Increment(ref _quarantinedBlocks);
                StorageMetrics.Instance.BlockQuarantined(Tenant);
                block.Release();
            }
        }
    }

    // Swap the list first (new readers stop seeing the old blocks), then delete: readers already
    // holding a reference keep reading through their open handles.
    private void ReplaceBlocks(Block[] old, Block? replacement) => ReplaceBlocks(ref _blocks, _directory, old, replacement);

    private void ReplaceBlocks(ref Block[] list, string directory, Block[] old, Block? replacement)
    {
        RemoveFromList(ref list, old, replacement);
        foreach (var block in old)
        {
            DeleteBlockDirectory(_fileSystem, directory, Path.GetFileName(block.Directory));
            block.Release();
        }
    }

    private static void RemoveFromList(ref Block[] list, Block[] old, Block? replacement)
    {
        var next = new List<Block>(Volatile.Read(ref list));
        foreach (var block in old)
        {
            next.Remove(block);
        }

        if (replacement is not null)
        {
            next.Add(replacement);
        }

        next.Sort(static (a, b) => a.MinTime.CompareTo(b.MinTime));
        Volatile.Write(ref list, [.. next]);
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Information, "Metrics compaction merged {Count} blocks into {Block} [{MinTime}, {MaxTime}), level {Level}.")]
        public static partial void Compacted(ILogger logger, int count, string block, long minTime, long maxTime, int level);

        [LoggerMessage(51, LogLevel.Information, "Metrics retention deleted {Count} block(s).")]
        public static partial void RetentionDeleted(ILogger logger, int count);
    }
}
