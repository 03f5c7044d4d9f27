using System.Buffers.Binary;
using System.Text;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Blocks;

/// <summary>
/// An open, immutable block: its meta, its series (labels and chunk references, from the index)
/// with an inverted index over them, and handles on its chunk segments. Opening verifies every
/// checksum of the index (TOC, symbols, each series, each postings list, the offset tables) and of
/// every chunk, so a damaged block is found at start-up rather than by a query. Chunks are read
/// with positional reads on demand and copied out, so a query holds no file resource after
/// <see cref="Select"/> returns.
/// Lifetime: reference counted; the storage holds one reference, each in-flight read another, and
/// the chunk handles close when the last one is released (a deleted block may still be read).
/// </summary>
internal sealed class Block
{
    private readonly LabelSet[] _labels;
    private readonly ChunkMeta[][] _chunks;
    private readonly MemPostings _postings;
    private readonly IRandomReadFile[] _segments;
    private int _refs = 1;
    private volatile bool _corrupt;

    private Block(string directory, BlockMeta meta, LabelSet[] labels, ChunkMeta[][] chunks, MemPostings postings, IRandomReadFile[] segments, long sizeBytes)
    {
        Directory = directory;
        Meta = meta;
        _labels = labels;
        _chunks = chunks;
        _postings = postings;
        _segments = segments;
        SizeBytes = sizeBytes;
    }

    public string Directory { get; }

    public BlockMeta Meta { get; }

    public long MinTime => Meta.MinTime;

    /// <summary>Exclusive end of the block's range.</summary>
    public long MaxTime => Meta.MaxTime;

    /// <summary>Bytes on disk (index, chunks, meta, tombstones).</summary>
    public long SizeBytes { get; }

    public int SeriesCount => _labels.Length;

    /// <summary>Set when a read after open found a bad chunk checksum; the next maintenance quarantines the block.</summary>
    public bool IsCorrupt => _corrupt;

    /// <exception cref="InvalidDataException">A checksum or structure check failed.</exception>
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    public static Block Open(IFileSystem fileSystem, string directory)
    {
        long size = 0;
        var metaBytes = ReadAll(fileSystem, Path.Combine(directory, BlockMeta.FileName));
        size += metaBytes.Length;
        var meta = BlockMeta.Parse(metaBytes);
        var index = ReadAll(fileSystem, Path.Combine(directory, BlockFormat.IndexFileName));
        size += index.Length;
        if (fileSystem.FileExists(Path.Combine(directory, BlockFormat.TombstonesFileName)))
        {
            size += ReadAll(fileSystem, Path.Combine(directory, BlockFormat.TombstonesFileName)).Length;
        }

        var (labels, chunks) = ReadIndex(index);
        var postings = new MemPostings();
        for (var i = 0; i < labels.Length; i++)
        {
            postings.Add((uint)(i + 1), labels[i]);
        }

        var chunkDirectory = Path.Combine(directory, BlockFormat.ChunksDirectoryName);
        var names = fileSystem.ListFiles(chunkDirectory).Where(static n => n.Length == 6 && n.All(char.IsAsciiDigit)).Order(StringComparer.Ordinal).ToList();
        var segments = new IRandomReadFile[names.Count];
        Span<byte> header = stackalloc byte[BlockFormat.ChunksHeaderSize];
        try
        {
            for (var i = 0; i < names.Count; i++)
            {
                segments[i] = fileSystem.OpenRandomRead(Path.Combine(chunkDirectory, names[i]));
                size += segments[i].Length;
                if (segments[i].Read(0, header) != header.Length || BinaryPrimitives.ReadUInt32BigEndian(header) is not (BlockFormat.ChunksMagic or BlockFormat.DenseChunksMagic) || header[4] != BlockFormat.ChunksVersion)
                {
                    throw new InvalidDataException($"Chunk segment {names[i]} has a bad header.");
                }
            }

            var block = new Block(directory, meta, labels, chunks, postings, segments, size);
            block.VerifyChunks();
            return block;
        }
        catch
        {
            foreach (var s in segments)
            {
                s?.Dispose();
            }

            postings.Dispose();
            throw;
        }
    }

    /// <summary>Takes a read reference; false once the block has been closed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var refs = Volatile.Read(ref _refs);
            if (refs == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _refs, refs + 1, refs) == refs)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0)
        {
            foreach (var s in _segments)
            {
                s.Dispose();
            }

            _postings.Dispose();
        }
    }

    /// <summary>Series matching <paramref name="matchers"/> with chunks overlapping [mint, maxt], in label order.</summary>
    public void Select(IReadOnlyList<Matcher> matchers, long mint, long maxt, List<(LabelSet Labels, ChunkSnapshot[] Chunks)> into)
    {
        if (mint >= MaxTime || maxt < MinTime)
        {
            return;
        }

        var ids = _postings.Select(matchers);
        var buffer = new List<ChunkSnapshot>();
        foreach (var id in ids)
        {
            buffer.Clear();
            var metas = _chunks[id - 1];
            var first = 0;
            while (first < metas.Length && metas[first].MaxTime < mint)
            {
                first++;
            }

            var end = first;
            while (end < metas.Length && metas[end].MinTime <= maxt)
            {
                end++;
            }

            if (end > first)
            {
                ReadChunks(metas, first, end, mint, maxt, buffer);
            }

            if (buffer.Count > 0)
            {
                into.Add((_labels[id - 1], [.. buffer]));
            }
        }
    }

    // A series' chunks are written one after another into the segment, so the chunks in range are
    // fetched with one positional read into one array (the snapshots point into it) instead of two
    // reads and two copies per chunk: a 7-day query touches 84 two-hour chunks of every series.
    // The read ends at the next chunk's reference when there is one; the last chunk of a series is
    // read with some slack and read again on its own when it turns out to be bigger.
    private const int LastChunkSlack = 512;

    private void ReadChunks(ChunkMeta[] metas, int first, int end, long mint, long maxt, List<ChunkSnapshot> into)
    {
        var sequence = (int)(metas[first].Ref >> 32);
        var from = (long)(uint)metas[first].Ref;
        var lastRef = metas[end - 1].Ref;
        if ((uint)sequence >= (uint)_segments.Length || (int)(lastRef >> 32) != sequence || (long)(uint)lastRef < from)
        {
            ReadChunksOneByOne(metas, first, end, mint, maxt, into);
            return;
        }

        var file = _segments[sequence];
        var next = end < metas.Length && (int)(metas[end].Ref >> 32) == sequence && (long)(uint)metas[end].Ref > (long)(uint)lastRef
            ? (long)(uint)metas[end].Ref
            : (long)(uint)lastRef + LastChunkSlack;
        var to = Math.Min(next, file.Length);
        if (to - from > int.MaxValue - 64 || to <= from)
        {
            ReadChunksOneByOne(metas, first, end, mint, maxt, into);
            return;
        }

        var data = new byte[(int)(to - from)];
        var got = file.Read(from, data);
        for (var k = first; k < end; k++)
        {
            var meta = metas[k];
            if (meta.MinTime > maxt || meta.MaxTime < mint)
            {
                continue;
            }

            var at = (long)(uint)meta.Ref - from;
            if (!TryParseChunk(data, (int)at, got, out var chunk, out var complete))
            {
                _corrupt = true;
                continue;
            }

            if (!complete)
            {
                if (TryReadChunk(meta.Ref, out chunk))
                {
                    into.Add(chunk);
                }

                continue;
            }

            into.Add(chunk);
        }
    }

    private void ReadChunksOneByOne(ChunkMeta[] metas, int first, int end, long mint, long maxt, List<ChunkSnapshot> into)
    {
        for (var k = first; k < end; k++)
        {
            var meta = metas[k];
            if (meta.MinTime <= maxt && meta.MaxTime >= mint && TryReadChunk(meta.Ref, out var chunk))
            {
                into.Add(chunk);
            }
        }
    }

    /// <summary>
    /// Parses the chunk framed at <paramref name="at"/> in the first <paramref name="got"/> bytes of
    /// <paramref name="data"/> (uvarint length, encoding, bytes, CRC32C). False when it is malformed
    /// or fails its checksum; true with <paramref name="complete"/> false when it runs past the bytes read.
    /// </summary>
    private static bool TryParseChunk(byte[] data, int at, int got, out ChunkSnapshot chunk, out bool complete)
    {
        chunk = default;
        complete = false;
        if (at < 0 || at >= got)
        {
            return true;
        }

        ulong length = 0;
        var shift = 0;
        var p = at;
        while (true)
        {
            if (p >= got)
            {
                return true;
            }

            var b = data[p++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }

            shift += 7;
            if (shift > 63)
            {
                return false;
            }
        }

        if (length > int.MaxValue - 8)
        {
            return false;
        }

        var total = 1 + (int)length + 4;
        if (p + total > got)
        {
            return true;
        }

        complete = true;
        var crc = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(p + total - 4));
        if (Crc32C.Compute(data.AsSpan(p, total - 4)) != crc)
        {
            return false;
        }

        var encoding = data[p];
        if (encoding == Chunks.DenseChunkCodec.Encoding)
        {
            try
            {
                var (buffer, count) = Chunks.DenseChunkCodec.DecodeToXor(data.AsSpan(p + 1, (int)length));
                chunk = new ChunkSnapshot(buffer, count);
                return true;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }

        if (!IsPrometheusChunk(encoding, length))
        {
            return false;
        }

        chunk = new ChunkSnapshot(data, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(p + 1)), p + 1, (Chunks.ChunkEncoding)encoding);
        return true;
    }

    public string[] LabelNames() => _postings.LabelNames();

    public string[] LabelValues(string name) => _postings.LabelValues(name);

    /// <summary>Every series and all its chunks, for compaction; index order (label order).</summary>
    public IEnumerable<(LabelSet Labels, ChunkSnapshot[] Chunks)> AllSeries()
    {
        for (var i = 0; i < _labels.Length; i++)
        {
            var metas = _chunks[i];
            var snapshots = new ChunkSnapshot[metas.Length];
            for (var k = 0; k < metas.Length; k++)
            {
                snapshots[k] = ReadChunk(metas[k].Ref);
            }

            yield return (_labels[i], snapshots);
        }
    }

    public IEnumerable<LabelSet> AllLabels() => _labels;

    private bool TryReadChunk(ulong reference, out ChunkSnapshot chunk)
    {
        try
        {
            chunk = ReadChunk(reference);
            return true;
        }
        catch (InvalidDataException)
        {
            _corrupt = true;
            chunk = default;
            return false;
        }
    }

    /// <exception cref="InvalidDataException">The reference is out of range or the checksum does not match.</exception>
    private ChunkSnapshot ReadChunk(ulong reference)
    {
        var sequence = (int)(reference >> 32);
        var offset = (long)(uint)reference;
        if ((uint)sequence >= (uint)_segments.Length)
        {
            throw new InvalidDataException($"Chunk reference {reference:x} points past the last segment.");
        }

        var file = _segments[sequence];
        Span<byte> head = stackalloc byte[11];
        var got = file.Read(offset, head);
        var reader = new PayloadReader(head[..got]);
        ulong length;
        try
        {
            length = reader.ReadUVarint();
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException($"Chunk at {reference:x} has a malformed length.");
        }

        var start = offset + reader.Position;
        if (length > int.MaxValue - 8 || start + 1 + (long)length + 4 > file.Length)
        {
            throw new InvalidDataException($"Chunk at {reference:x} runs past the end of its segment.");
        }

        var raw = new byte[1 + (int)length + 4];
        if (file.Read(start, raw) != raw.Length)
        {
            throw new InvalidDataException($"Chunk at {reference:x} is truncated.");
        }

        var crc = BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(raw.Length - 4));
        if (Crc32C.Compute(raw.AsSpan(0, raw.Length - 4)) != crc)
        {
            throw new InvalidDataException($"Chunk at {reference:x} fails its checksum.");
        }

        if (raw[0] == Chunks.DenseChunkCodec.Encoding)
        {
            var (buffer, count) = Chunks.DenseChunkCodec.DecodeToXor(raw.AsSpan(1, (int)length));
            return new ChunkSnapshot(buffer, count);
        }

        if (!IsPrometheusChunk(raw[0], length))
        {
            throw new InvalidDataException($"Chunk at {reference:x} has unsupported encoding {raw[0]}.");
        }

        var data = raw.AsSpan(1, (int)length).ToArray();
        return new ChunkSnapshot(data, BinaryPrimitives.ReadUInt16BigEndian(data), 0, (Chunks.ChunkEncoding)raw[0]);
    }

    // XOR floats and integer native histograms (float-histogram chunks, encoding 3, are not read yet);
    // each at least as long as its header.
    private static bool IsPrometheusChunk(byte encoding, ulong length) => encoding switch
    {
        (byte)Chunks.ChunkEncoding.Xor => length >= 2,
        (byte)Chunks.ChunkEncoding.Histogram => length >= (ulong)Chunks.HistogramChunk.HeaderSize,
        _ => false,
    };

    private void VerifyChunks()
    {
        foreach (var metas in _chunks)
        {
            foreach (var meta in metas)
            {
                ReadChunk(meta.Ref);
            }
        }
    }

    private static byte[] ReadAll(IFileSystem fileSystem, string path)
    {
        using var file = fileSystem.OpenRandomRead(path);
        var data = new byte[file.Length];
        if (file.Read(0, data) != data.Length)
        {
            throw new IOException($"'{path}' is shorter than its length.");
        }

        return data;
    }

    private static (LabelSet[] Labels, ChunkMeta[][] Chunks) ReadIndex(byte[] index)
    {
        if (index.Length < 5 + BlockFormat.TocSize || BinaryPrimitives.ReadUInt32BigEndian(index) != BlockFormat.IndexMagic || index[4] != BlockFormat.IndexVersion)
        {
            throw new InvalidDataException("Index has a bad header (not a v2 Prometheus index).");
        }

        var tocAt = index.Length - BlockFormat.TocSize;
        var toc = index.AsSpan(tocAt, BlockFormat.TocSize);
        if (Crc32C.Compute(toc[..48]) != BinaryPrimitives.ReadUInt32BigEndian(toc[48..]))
        {
            throw new InvalidDataException("Index TOC fails its checksum.");
        }

        Span<long> offsets = stackalloc long[6];
        for (var i = 0; i < 6; i++)
        {
            offsets[i] = (long)BinaryPrimitives.ReadUInt64BigEndian(toc[(i * 8)..]);
            if (offsets[i] < 0 || offsets[i] > tocAt)
            {
                throw new InvalidDataException("Index TOC points outside the file.");
            }
        }

        var symbolTable = Table(index, offsets[0], "symbol table");
        var sr = new PayloadReader(symbolTable[4..]);
        var symbolCount = BinaryPrimitives.ReadUInt32BigEndian(symbolTable);
        var symbols = new string[symbolCount];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = Encoding.UTF8.GetString(sr.ReadBytes());
        }

        // Series run from their offset to the next section.
        var seriesEnd = (long)tocAt;
        for (var i = 2; i < 6; i++)
        {
            if (offsets[i] > offsets[1] && offsets[i] < seriesEnd)
            {
                seriesEnd = offsets[i];
            }
        }

        var labels = new List<LabelSet>();
        var chunks = new List<ChunkMeta[]>();
        var pos = offsets[1];
        while (true)
        {
            pos = (pos + 15) & ~15L;
            if (pos >= seriesEnd)
            {
                break;
            }

            var lr = new PayloadReader(index.AsSpan((int)pos, (int)(seriesEnd - pos)));
            var length = (int)lr.ReadUVarint();
            var contentAt = (int)pos + lr.Position;
            if (length == 0 || contentAt + length + 4 > seriesEnd)
            {
                throw new InvalidDataException($"Index series at {pos} has a bad length.");
            }

            var content = index.AsSpan(contentAt, length);
            if (Crc32C.Compute(content) != BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(contentAt + length)))
            {
                throw new InvalidDataException($"Index series at {pos} fails its checksum.");
            }

            var r = new PayloadReader(content);
            var labelCount = (int)r.ReadUVarint();
            var pairs = new string[labelCount * 2];
            for (var i = 0; i < pairs.Length; i++)
            {
                var symbol = r.ReadUVarint();
                if (symbol >= (ulong)symbols.Length)
                {
                    throw new InvalidDataException($"Index series at {pos} references a missing symbol.");
                }

                pairs[i] = symbols[symbol];
            }

            var chunkCount = (int)r.ReadUVarint();
            var metas = new ChunkMeta[chunkCount];
            long prevMax = 0;
            ulong prevRef = 0;
            for (var k = 0; k < chunkCount; k++)
            {
                long min;
                ulong reference;
                if (k == 0)
                {
                    min = r.ReadVarint();
                    var max0 = min + (long)r.ReadUVarint();
                    reference = r.ReadUVarint();
                    metas[k] = new ChunkMeta(min, max0, reference);
                }
                else
                {
                    min = prevMax + (long)r.ReadUVarint();
                    var max = min + (long)r.ReadUVarint();
                    reference = (ulong)((long)prevRef + r.ReadVarint());
                    metas[k] = new ChunkMeta(min, max, reference);
                }

                prevMax = metas[k].MaxTime;
                prevRef = metas[k].Ref;
            }

            labels.Add(new LabelSet(pairs));
            chunks.Add(metas);
            pos = contentAt + length + 4;
        }

        // Postings are not needed to answer queries (the in-memory index above is built from the
        // series), but promtool and Prometheus read them: a block we keep must be whole.
        var postingsTable = Table(index, offsets[5], "postings offset table");
        var pr = new PayloadReader(postingsTable[4..]);
        var entries = BinaryPrimitives.ReadUInt32BigEndian(postingsTable);
        for (uint e = 0; e < entries; e++)
        {
            var n = pr.ReadUVarint();
            for (ulong k = 0; k < n; k++)
            {
                pr.ReadBytes();
            }

            Table(index, (long)pr.ReadUVarint(), "postings list");
        }

        return ([.. labels], [.. chunks]);
    }

    // A length-prefixed, CRC-suffixed section: returns its content.
    private static ReadOnlySpan<byte> Table(byte[] index, long offset, string what)
    {
        if (offset < 5 || offset + 8 > index.Length)
        {
            throw new InvalidDataException($"Index {what} offset is out of range.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan((int)offset));
        if (offset + 4 + length + 4 > index.Length || length < 4)
        {
            throw new InvalidDataException($"Index {what} has a bad length.");
        }

        var content = index.AsSpan((int)offset + 4, (int)length);
        if (Crc32C.Compute(content) != BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan((int)(offset + 4 + length))))
        {
            throw new InvalidDataException($"Index {what} fails its checksum.");
        }

        return content;
    }
}
