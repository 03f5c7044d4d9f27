using System.Buffers.Binary;
using Nines.Metrics.Chunks;
using Nines.Metrics.Head;
using Nines.Metrics.Histograms;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Blocks;

/// <summary>
/// Writes one block as Prometheus does (tsdb/compact.go <c>write</c>): everything goes into
/// <c>ULID.tmp-for-creation/</c>, every file is fsynced, then the directory is renamed to its ULID
/// and the parent fsynced. A crash before the rename leaves only a tmp directory, deleted at the
/// next open; after it, a complete block. Samples arrive series by series, in label order, and
/// are re-encoded into XOR chunks of at most <c>samplesPerChunk</c> samples; native histograms into
/// Prometheus histogram chunks (encoding 2, also in dense blocks: the dense codec is float-only).
/// </summary>
internal sealed class BlockWriter : IDisposable
{
    private readonly IFileSystem _fileSystem;
    private readonly string _parent;
    private readonly string _tmp;
    private readonly int _samplesPerChunk;
    private readonly ChunkSegmentWriter _chunks;
    private readonly IndexWriter _index;
    private readonly List<ChunkMeta> _seriesChunks = [];
    private LabelSet? _series;
    private readonly bool _dense;
    private readonly long[] _denseT;
    private readonly double[] _denseV;
    private int _denseCount;
    private XorChunk? _open;
    private HistogramChunk? _openHistogram;
    private bool _committed;

    /// <param name="dense">Write <see cref="DenseChunkCodec"/> chunks instead of Prometheus XOR chunks (not readable by promtool).</param>
    public BlockWriter(IFileSystem fileSystem, string parent, TimeProvider time, IEnumerable<string> symbols, int samplesPerChunk = XorChunk.DefaultMaxSamples, bool dense = false)
    {
        _dense = dense;
        _denseT = dense ? new long[DenseChunkCodec.MaxSamples] : [];
        _denseV = dense ? new double[DenseChunkCodec.MaxSamples] : [];
        _fileSystem = fileSystem;
        _parent = parent;
        _samplesPerChunk = samplesPerChunk;
        Ulid = Blocks.Ulid.New(time);
        _tmp = Path.Combine(parent, Ulid + BlockFormat.TmpCreationSuffix);
        fileSystem.DeleteDirectory(_tmp);
        fileSystem.CreateDirectory(_tmp);
        _chunks = new ChunkSegmentWriter(fileSystem, Path.Combine(_tmp, BlockFormat.ChunksDirectoryName), dense ? BlockFormat.DenseChunksMagic : BlockFormat.ChunksMagic);
        _index = new IndexWriter(symbols);
    }

    public string Ulid { get; }

    public long Samples { get; private set; }

    public long ChunkCount { get; private set; }

    /// <summary>Oldest sample written so far, or long.MaxValue.</summary>
    public long MinSampleTime { get; private set; } = long.MaxValue;

    public void StartSeries(LabelSet labels)
    {
        _series = labels;
        _seriesChunks.Clear();
        _open = null;
        _openHistogram = null;
        _denseCount = 0;
    }

    /// <summary>Writes a series with its samples (floats and histograms) in [<paramref name="mint"/>, <paramref name="maxt"/>] from <paramref name="chunks"/>.</summary>
    public void AddSeries(LabelSet labels, ChunkSnapshot[] chunks, long mint, long maxt)
    {
        StartSeries(labels);
        var it = new SampleIterator(chunks, mint, maxt);
        while (it.MoveNext())
        {
            if (it.IsHistogram)
            {
                AddHistogram(it.Timestamp, it.IntegerHistogram());
            }
            else
            {
                Add(it.Timestamp, it.Value);
            }
        }

        EndSeries();
    }

    /// <summary>Adds a native-histogram sample to the current series; timestamps must increase across both kinds.</summary>
    public void AddHistogram(long t, Histogram h)
    {
        if (t < MinSampleTime)
        {
            MinSampleTime = t;
        }

        // One timeline: a series' chunks must stay in time order, so a kind switch ends the other kind's chunk.
        FlushFloats();
        _openHistogram ??= new HistogramChunk(_samplesPerChunk);
        if (_openHistogram.Append(t, h, out var header) == AppendResult.ChunkFull)
        {
            FlushHistogramChunk();
            _openHistogram = new HistogramChunk(_samplesPerChunk, header);
            _openHistogram.Append(t, h, out _);
        }

        Samples++;
    }

    /// <summary>Adds a sample to the current series; timestamps must increase.</summary>
    public void Add(long t, double v)
    {
        if (t < MinSampleTime)
        {
            MinSampleTime = t;
        }

        if (_openHistogram is not null)
        {
            FlushHistogramChunk();
        }

        if (_dense)
        {
            if (_denseCount == _denseT.Length)
            {
                FlushDense();
            }

            _denseT[_denseCount] = t;
            _denseV[_denseCount++] = v;
            Samples++;
            return;
        }

        _open ??= new XorChunk(_samplesPerChunk, 256);
        if (_open.Append(t, v) == AppendResult.ChunkFull)
        {
            FlushChunk();
            _open = new XorChunk(_samplesPerChunk, 256);
            _open.Append(t, v);
        }

        Samples++;
    }

    /// <summary>Ends the current series; a series without samples is left out of the block.</summary>
    public void EndSeries()
    {
        FlushFloats();
        if (_openHistogram is not null)
        {
            FlushHistogramChunk();
        }

        if (_seriesChunks.Count > 0)
        {
            _index.AddSeries(_series!, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_seriesChunks));
        }
    }

    /// <summary>Writes the index, tombstones and meta, fsyncs, renames into place; returns the block directory.</summary>
    public BlockMeta Commit(long minTime, long maxTime, int level, IReadOnlyList<string>? sources, long resolution = 0)
    {
        _chunks.Finish();
        var meta = new BlockMeta
        {
            Ulid = Ulid,
            MinTime = minTime,
            MaxTime = maxTime,
            NumSamples = Samples,
            NumSeries = _index.SeriesCount,
            NumChunks = ChunkCount,
            Level = level,
            Sources = sources ?? [Ulid],
            Resolution = resolution,
        };

        WriteFile(BlockFormat.IndexFileName, _index.Finish());

        // An empty tombstones file: header, no entries, CRC of the (empty) entries.
        Span<byte> tombstones = stackalloc byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(tombstones, BlockFormat.TombstonesMagic);
        tombstones[4] = BlockFormat.TombstonesVersion;
        BinaryPrimitives.WriteUInt32BigEndian(tombstones[5..], 0);
        WriteFile(BlockFormat.TombstonesFileName, tombstones);
        WriteFile(BlockMeta.FileName, meta.ToJson());
        _fileSystem.SyncDirectory(_tmp);

        var final = Path.Combine(_parent, Ulid);
        _fileSystem.MoveDirectory(_tmp, final);
        _fileSystem.SyncDirectory(_parent);
        _committed = true;
        return meta;
    }

    public void Dispose()
    {
        _chunks.Dispose();
        if (!_committed)
        {
            try
            {
                _fileSystem.DeleteDirectory(_tmp);
            }
            catch (IOException)
            {
                // Left for the next open, which deletes stale tmp directories.
            }
        }
    }

    private void FlushFloats()
    {
        if (_dense && _denseCount > 0)
        {
            FlushDense();
        }

        if (_open is not null && _open.Count > 0)
        {
            FlushChunk();
        }

        _open = null;
    }

    private void FlushHistogramChunk()
    {
        var chunk = _openHistogram!;
        _openHistogram = null;
        if (chunk.Count == 0)
        {
            return;
        }

        var reference = _chunks.Write(chunk.Bytes, (byte)ChunkEncoding.Histogram);
        _seriesChunks.Add(new ChunkMeta(chunk.MinTime, chunk.MaxTime, reference));
        ChunkCount++;
    }

    private void FlushDense()
    {
        var data = DenseChunkCodec.Encode(_denseT.AsSpan(0, _denseCount), _denseV.AsSpan(0, _denseCount));
        var reference = _chunks.Write(data, DenseChunkCodec.Encoding);
        _seriesChunks.Add(new ChunkMeta(_denseT[0], _denseT[_denseCount - 1], reference));
        ChunkCount++;
        _denseCount = 0;
    }

    private void FlushChunk()
    {
        var chunk = _open!;
        var reference = _chunks.Write(chunk.Bytes);
        _seriesChunks.Add(new ChunkMeta(chunk.MinTime, chunk.MaxTime, reference));
        ChunkCount++;
    }

    private void WriteFile(string name, ReadOnlySpan<byte> data)
    {
        using var file = _fileSystem.OpenAppend(Path.Combine(_tmp, name));
        file.Write(data);
        file.Sync();
    }
}
