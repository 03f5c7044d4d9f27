using Microsoft.Extensions.Logging;
using Nines.Metrics.Blocks;
using Nines.Metrics.Chunks;
using Nines.Metrics.Downsampling;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Storage;

public sealed partial class MetricsStorage
{
    /// <summary>Label that names a downsampled series' aggregate (count, counter, max, min, sum); never returned to queries.</summary>
    internal const string AggregateLabel = "__aggr__";

    internal const string DownsampledDirectoryName = "downsampled";

    // Stored aggregates in the order their series sort (the aggregate label comes first among
    // lower-case names, so a block holds all "count" series, then all "counter" series, …).
    private static readonly DownsampleAggregate[] StoredAggregates =
        [DownsampleAggregate.Count, DownsampleAggregate.Counter, DownsampleAggregate.Max, DownsampleAggregate.Min, DownsampleAggregate.Sum];

    // Like _blocks: sorted by MinTime, not overlapping, copy on write by the maintenance task.
    private Block[] _blocks5m = [];
    private Block[] _blocks1h = [];
    private long _downsampledBlocks;

    /// <summary>Downsampled blocks (5m and 1h) written since open.</summary>
    public long DownsampledBlocksWritten => Interlocked.Read(ref _downsampledBlocks);

    private string Downsampled5mDirectory => Path.Combine(_directory, DownsampledDirectoryName, "5m");

    private string Downsampled1hDirectory => Path.Combine(_directory, DownsampledDirectoryName, "1h");

    /// <summary>Downsampled blocks of <paramref name="resolution"/> (<see cref="Resolutions"/>), oldest first.</summary>
    public IReadOnlyList<BlockInfo> DownsampledBlocks(long resolution)
    {
        var blocks = Volatile.Read(ref ListFor(resolution));
        var result = new BlockInfo[blocks.Length];
        for (var i = 0; i < blocks.Length; i++)
        {
            var m = blocks[i].Meta;
            result[i] = new BlockInfo(m.Ulid, m.MinTime, m.MaxTime, m.NumSeries, m.NumSamples, m.Level, blocks[i].SizeBytes) { Resolution = resolution };
        }

        return result;
    }

    /// <summary>
    /// The time range [MinTime, MaxTime) the blocks of <paramref name="resolution"/> cover, or null
    /// when there are none. Data before MaxTime at that resolution is complete: it is written one
    /// whole window range at a time, oldest first.
    /// </summary>
    public (long MinTime, long MaxTime)? DownsampledRange(long resolution)
    {
        var blocks = Volatile.Read(ref ListFor(resolution));
        return blocks.Length == 0 ? null : (blocks[0].MinTime, blocks[^1].MaxTime);
    }

    /// <summary>
    /// Like <see cref="Select"/>, but samples before the end of the <paramref name="resolution"/>
    /// data come from its <paramref name="aggregate"/> (for 1h, then 5m up to the end of the 5m
    /// data), and the rest from raw blocks and the head. Raw samples are passed through as they are
    /// for every aggregate but <see cref="DownsampleAggregate.Count"/>, where each counts 1.
    /// </summary>
    public IReadOnlyList<SelectedSeries> SelectDownsampled(IReadOnlyList<Matcher> matchers, long mint, long maxt, long resolution, DownsampleAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (aggregate is not (DownsampleAggregate.Average or DownsampleAggregate.Count))
        {
            return SelectDownsampledChunks(matchers, mint, maxt, resolution, aggregate);
        }

        var series = new Dictionary<LabelSet, List<(long T, double V)>>();
        var cursor = mint;
        if (resolution == Resolutions.OneHour)
        {
            cursor = ReadDownsampled(ref _blocks1h, matchers, cursor, maxt, aggregate, series);
        }

        if (resolution is Resolutions.OneHour or Resolutions.FiveMinutes)
        {
            cursor = ReadDownsampled(ref _blocks5m, matchers, cursor, maxt, aggregate, series);
        }

        if (cursor <= maxt)
        {
            foreach (var raw in Select(matchers, cursor, maxt))
            {
                var samples = SamplesOf(series, raw.Labels);
                var it = raw.GetIterator();
                while (it.MoveNext())
                {
                    // Native histograms are kept at raw resolution only; a downsampled read is over floats.
                    if (!it.IsHistogram)
                    {
                        samples.Add((it.Timestamp, aggregate == DownsampleAggregate.Count ? 1 : it.Value));
                    }
                }
            }
        }

        var result = new List<SelectedSeries>(series.Count);
        foreach (var (labels, samples) in series)
        {
            if (samples.Count > 0)
            {
                result.Add(new SelectedSeries(labels, Encode(samples), mint, maxt));
            }
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    // Aggregates read as stored (counter, min, max, sum): the chunks of each layer are handed over
    // as they are, coarse to fine. The sample iterator returns a sample only if it is newer than
    // the last one returned, and a finer layer's samples before the coarser one's end are not
    // newer than the coarser layer's last sample (the same raw sample ends both windows), so each
    // layer continues where the previous one stopped without decoding anything here.
    private List<SelectedSeries> SelectDownsampledChunks(IReadOnlyList<Matcher> matchers, long mint, long maxt, long resolution, DownsampleAggregate aggregate)
    {
        var series = new Dictionary<LabelSet, List<ChunkSnapshot>>();
        var cursor = mint;
        if (resolution == Resolutions.OneHour)
        {
            cursor = ReadDownsampledChunks(ref _blocks1h, matchers, cursor, maxt, aggregate, series);
        }

        cursor = ReadDownsampledChunks(ref _blocks5m, matchers, cursor, maxt, aggregate, series);
        if (cursor <= maxt)
        {
            foreach (var raw in Select(matchers, cursor, maxt))
            {
                if (!series.TryGetValue(raw.Labels, out var chunks))
                {
                    series.Add(raw.Labels, chunks = []);
                }

                chunks.AddRange(raw.Chunks);
            }
        }

        var result = new List<SelectedSeries>(series.Count);
        foreach (var (labels, chunks) in series)
        {
            result.Add(new SelectedSeries(labels, [.. chunks], mint, maxt));
        }

        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    private static long ReadDownsampledChunks(ref Block[] list, IReadOnlyList<Matcher> matchers, long cursor, long maxt, DownsampleAggregate aggregate, Dictionary<LabelSet, List<ChunkSnapshot>> into)
    {
        var snapshot = Volatile.Read(ref list);
        if (snapshot.Length == 0 || snapshot[^1].MaxTime <= cursor || cursor > maxt)
        {
            return cursor;
        }

        var blocks = AcquireBlocks(ref list, cursor, Math.Min(maxt, snapshot[^1].MaxTime - 1));
        try
        {
            var withAggregate = new List<Matcher>(matchers.Count + 1) { Matcher.Create(MatcherType.Equal, AggregateLabel, AggregateName(aggregate)) };
            withAggregate.AddRange(matchers);
            var parts = new List<(LabelSet Labels, ChunkSnapshot[] Chunks)>();
            foreach (var block in blocks)
            {
                block.Select(withAggregate, cursor, Math.Min(maxt, snapshot[^1].MaxTime - 1), parts);
            }

            foreach (var (labels, chunks) in parts)
            {
                var plain = WithoutAggregate(labels);
                if (!into.TryGetValue(plain, out var target))
                {
                    into.Add(plain, target = []);
                }

                target.AddRange(chunks);
            }
        }
        finally
        {
            foreach (var block in blocks)
            {
                block.Release();
            }
        }

        return snapshot[^1].MaxTime;
    }

    // Reads [cursor, maxt] from one resolution's blocks into `into`; returns where that data ends.
    private static long ReadDownsampled(ref Block[] list, IReadOnlyList<Matcher> matchers, long cursor, long maxt, DownsampleAggregate aggregate, Dictionary<LabelSet, List<(long T, double V)>> into)
    {
        var snapshot = Volatile.Read(ref list);
        if (snapshot.Length == 0 || snapshot[^1].MaxTime <= cursor || cursor > maxt)
        {
            return cursor;
        }

        var end = Math.Min(maxt, snapshot[^1].MaxTime - 1);
        var blocks = AcquireBlocks(ref list, cursor, end);
        try
        {
            if (aggregate == DownsampleAggregate.Average)
            {
                var sums = ReadAggregate(blocks, matchers, cursor, end, DownsampleAggregate.Sum);
                var counts = ReadAggregate(blocks, matchers, cursor, end, DownsampleAggregate.Count);
                foreach (var (labels, sum) in sums)
                {
                    if (!counts.TryGetValue(labels, out var count))
                    {
                        continue;
                    }

                    // Both are stamped with the window's last sample time: they pair up one to one.
                    var samples = SamplesOf(into, labels);
                    for (int i = 0, k = 0; i < sum.Count && k < count.Count;)
                    {
                        if (sum[i].T == count[k].T)
                        {
                            samples.Add((sum[i].T, sum[i].V / count[k].V));
                            i++;
                            k++;
                        }
                        else if (sum[i].T < count[k].T)
                        {
                            i++;
                        }
                        else
                        {
                            k++;
                        }
                    }
                }
            }
            else
            {
                foreach (var (labels, values) in ReadAggregate(blocks, matchers, cursor, end, aggregate))
                {
                    SamplesOf(into, labels).AddRange(values);
                }
            }
        }
        finally
        {
            foreach (var block in blocks)
            {
                block.Release();
            }
        }

        return snapshot[^1].MaxTime;
    }

    private static Dictionary<LabelSet, List<(long T, double V)>> ReadAggregate(List<Block> blocks, IReadOnlyList<Matcher> matchers, long mint, long maxt, DownsampleAggregate aggregate)
    {
        var withAggregate = new List<Matcher>(matchers.Count + 1) { Matcher.Create(MatcherType.Equal, AggregateLabel, AggregateName(aggregate)) };
        withAggregate.AddRange(matchers);
        var parts = new List<(LabelSet Labels, ChunkSnapshot[] Chunks)>();
        foreach (var block in blocks)
        {
            block.Select(withAggregate, mint, maxt, parts);
        }

        var chunks = new Dictionary<LabelSet, List<ChunkSnapshot>>();
        foreach (var (labels, c) in parts)
        {
            if (!chunks.TryGetValue(labels, out var list))
            {
                chunks.Add(labels, list = []);
            }

            list.AddRange(c);
        }

        var result = new Dictionary<LabelSet, List<(long T, double V)>>(chunks.Count);
        foreach (var (labels, list) in chunks)
        {
            var samples = new List<(long T, double V)>();
            var it = new SampleIterator([.. list], mint, maxt);
            while (it.MoveNext())
            {
                samples.Add((it.Timestamp, it.Value));
            }

            result.Add(WithoutAggregate(labels), samples);
        }

        return result;
    }

    private static List<(long T, double V)> SamplesOf(Dictionary<LabelSet, List<(long T, double V)>> series, LabelSet labels)
    {
        if (!series.TryGetValue(labels, out var samples))
        {
            series.Add(labels, samples = []);
        }

        return samples;
    }

    private static ChunkSnapshot[] Encode(List<(long T, double V)> samples)
    {
        var chunks = new List<ChunkSnapshot>();
        XorChunk? chunk = null;
        foreach (var (t, v) in samples)
        {
            if (chunk is null || chunk.Append(t, v) == AppendResult.ChunkFull)
            {
                if (chunk is not null)
                {
                    chunks.Add(new ChunkSnapshot(chunk.Buffer, chunk.Count));
                }

                chunk = new XorChunk(XorChunk.DefaultMaxSamples, 256);
                chunk.Append(t, v);
            }
        }

        if (chunk is not null)
        {
            chunks.Add(new ChunkSnapshot(chunk.Buffer, chunk.Count));
        }

        return [.. chunks];
    }

    private static LabelSet WithoutAggregate(LabelSet labels)
    {
        var pairs = new string[(labels.Count - 1) * 2];
        var k = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels.NameAt(i) != AggregateLabel)
            {
                pairs[k++] = labels.NameAt(i);
                pairs[k++] = labels.ValueAt(i);
            }
        }

        return new LabelSet(pairs);
    }

    private static LabelSet WithAggregate(LabelSet labels, string aggregate)
    {
        var pairs = new string[(labels.Count + 1) * 2];
        var k = 0;
        var added = false;
        for (var i = 0; i < labels.Count; i++)
        {
            if (!added && string.CompareOrdinal(labels.NameAt(i), AggregateLabel) > 0)
            {
                pairs[k++] = AggregateLabel;
                pairs[k++] = aggregate;
                added = true;
            }

            pairs[k++] = labels.NameAt(i);
            pairs[k++] = labels.ValueAt(i);
        }

        if (!added)
        {
            pairs[k++] = AggregateLabel;
            pairs[k] = aggregate;
        }

        return new LabelSet(pairs);
    }

    internal static string AggregateName(DownsampleAggregate aggregate) => aggregate switch
    {
        DownsampleAggregate.Count => "count",
        DownsampleAggregate.Counter => "counter",
        DownsampleAggregate.Max => "max",
        DownsampleAggregate.Min => "min",
        DownsampleAggregate.Sum => "sum",
        _ => throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate, "Not a stored aggregate."),
    };

    private static DownsampleAggregate ParseAggregate(string name) => name switch
    {
        "count" => DownsampleAggregate.Count,
        "counter" => DownsampleAggregate.Counter,
        "max" => DownsampleAggregate.Max,
        "min" => DownsampleAggregate.Min,
        "sum" => DownsampleAggregate.Sum,
        _ => throw new InvalidDataException($"Downsampled series has unknown aggregate '{name}'."),
    };

    private ref Block[] ListFor(long resolution)
    {
        switch (resolution)
        {
            case Resolutions.FiveMinutes:
                return ref _blocks5m;
            case Resolutions.OneHour:
                return ref _blocks1h;
            default:
                throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Resolution must be 5m or 1h (Resolutions.FiveMinutes, Resolutions.OneHour).");
        }
    }

    // Where a resolution's data is complete up to (its last block's end), or long.MinValue.
    private static long DownsampledUntil(ref Block[] list)
    {
        var blocks = Volatile.Read(ref list);
        return blocks.Length == 0 ? long.MinValue : blocks[^1].MaxTime;
    }

    /// <summary>
    /// Writes the downsampled blocks that are due, oldest first: a 5m block for each whole
    /// <see cref="MetricsStorageOptions.Downsample5mBlockRange"/> (1 day) window the raw blocks
    /// hold completely (the head accepts nothing before its persisted range), then a 1h block for
    /// each whole <see cref="MetricsStorageOptions.Downsample1hBlockRange"/> (10 days) window the
    /// 5m blocks hold. Each block is written like any other (tmp directory, fsync, rename), so a
    /// crash leaves nothing or a whole block, and the next round continues after the newest one.
    /// </summary>
    private int Downsample(CancellationToken cancellationToken)
    {
        var written = 0;
        var raw = Volatile.Read(ref _blocks);
        var range5m = (long)_options.Downsample5mBlockRange.TotalMilliseconds;
        if (raw.Length > 0)
        {
            var from = Math.Max(DownsampledUntil(ref _blocks5m), FloorDiv(raw[0].MinTime, range5m) * range5m);
            var complete = Math.Min(Head.MinValidTime, raw[^1].MaxTime);
            for (var start = from; start + range5m <= complete; start += range5m)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sources = Overlapping(raw, start, start + range5m);
                if (sources.Length > 0)
                {
                    WriteDownsampled(ref _blocks5m, Downsampled5mDirectory, sources, start, start + range5m, Resolutions.FiveMinutes, rawInput: true);
                    written++;
                }
            }
        }

        var fine = Volatile.Read(ref _blocks5m);
        var range1h = (long)_options.Downsample1hBlockRange.TotalMilliseconds;
        if (fine.Length > 0)
        {
            var from = Math.Max(DownsampledUntil(ref _blocks1h), FloorDiv(fine[0].MinTime, range1h) * range1h);
            for (var start = from; start + range1h <= fine[^1].MaxTime; start += range1h)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sources = Overlapping(fine, start, start + range1h);
                if (sources.Length > 0)
                {
                    WriteDownsampled(ref _blocks1h, Downsampled1hDirectory, sources, start, start + range1h, Resolutions.OneHour, rawInput: false);
                    written++;
                }
            }
        }

        return written;
    }

    private static Block[] Overlapping(Block[] blocks, long mint, long maxt)
    {
        var result = new List<Block>();
        foreach (var block in blocks)
        {
            if (block.MinTime < maxt && block.MaxTime > mint)
            {
                result.Add(block);
            }
        }

        return [.. result];
    }

    private void WriteDownsampled(ref Block[] list, string directory, Block[] sources, long mint, long maxt, long resolution, bool rawInput)
    {
        if (!_fileSystem.DirectoryExists(directory))
        {
            _fileSystem.CreateDirectory(directory);
            _fileSystem.SyncDirectory(Path.GetDirectoryName(directory)!);
            _fileSystem.SyncDirectory(_directory);
        }

        var symbols = new HashSet<string>(StringComparer.Ordinal) { AggregateLabel };
        foreach (var aggregate in StoredAggregates)
        {
            symbols.Add(AggregateName(aggregate));
        }

        foreach (var block in sources)
        {
            foreach (var labels in block.AllLabels())
            {
                for (var i = 0; i < labels.Count; i++)
                {
                    symbols.Add(labels.NameAt(i));
                    symbols.Add(labels.ValueAt(i));
                }
            }
        }

        BlockMeta meta;
        using (var writer = new BlockWriter(_fileSystem, directory, _time, symbols, dense: _options.DenseCompactedBlocks))
        {
            if (rawInput)
            {
                // One pass per aggregate: the block's series must come in label order, and the
                // aggregate label sorts before the metric name.
                foreach (var aggregate in StoredAggregates)
                {
                    var name = AggregateName(aggregate);
                    var aggregator = new WindowAggregator(resolution, aggregate, rawInput: true, writer.Add);
                    foreach (var (labels, chunks) in MergeSeries(sources))
                    {
                        WriteSeries(writer, aggregator, WithAggregate(labels, name), chunks, mint, maxt);
                    }
                }
            }
            else
            {
                // Finer downsampled series already carry their aggregate label (and so their order).
                foreach (var (labels, chunks) in MergeSeries(sources))
                {
                    var aggregator = new WindowAggregator(resolution, ParseAggregate(labels.Get(AggregateLabel)), rawInput: false, writer.Add);
                    WriteSeries(writer, aggregator, labels, chunks, mint, maxt);
                }
            }

            meta = writer.Commit(mint, maxt, level: 1, sources: null, resolution);
        }

        AddBlock(ref list, Block.Open(_fileSystem, Path.Combine(directory, meta.Ulid)));
        Interlocked.Increment(ref _downsampledBlocks);
        StorageMetrics.Instance.BlockWritten(Tenant, "downsampling");
        Log.Downsampled(_logger, Resolutions.Name(resolution), meta.Ulid, mint, maxt, meta.NumSeries, meta.NumSamples);
    }

    private static void WriteSeries(BlockWriter writer, WindowAggregator aggregator, LabelSet labels, ChunkSnapshot[] chunks, long mint, long maxt)
    {
        writer.StartSeries(labels);
        aggregator.Reset();
        var it = new SampleIterator(chunks, mint, maxt - 1);
        while (it.MoveNext())
        {
            // Native histograms are not downsampled (kept at raw resolution only): skipped, not turned into NaN floats.
            if (!it.IsHistogram)
            {
                aggregator.Add(it.Timestamp, it.Value);
            }
        }

        aggregator.Finish();
        writer.EndSeries();
    }

    private static partial class Log
    {
        [LoggerMessage(70, LogLevel.Information, "Metrics downsampling wrote {Resolution} block {Block} [{MinTime}, {MaxTime}): {Series} series, {Samples} samples.")]
        public static partial void Downsampled(ILogger logger, string resolution, string block, long minTime, long maxTime, long series, long samples);
    }
}
