using System.Buffers.Binary;
using Nines.Metrics.IO;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Blocks;

/// <summary>
/// Writes a block's <c>chunks/NNNNNN</c> segment files (tsdb/docs/format/chunks.md): an 8-byte
/// header (magic, version, padding), then per chunk <c>len:uvarint encoding:u8 data CRC32C(encoding,data)</c>.
/// A chunk's reference is (segment sequence &lt;&lt; 32) | offset, the sequence counting files from 0.
/// </summary>
internal sealed class ChunkSegmentWriter : IDisposable
{
    private const int FlushThreshold = 1 << 20;

    private readonly IFileSystem _fileSystem;
    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly FormatBuffer _buffer = new(FlushThreshold + 1024);
    private readonly List<string> _files = [];
    private IAppendFile? _file;
    private long _offset;
    private readonly uint _magic;
    private int _sequence = -1;

    public ChunkSegmentWriter(IFileSystem fileSystem, string directory, uint magic = BlockFormat.ChunksMagic, long segmentSize = BlockFormat.ChunkSegmentSize)
    {
        _magic = magic;
        _fileSystem = fileSystem;
        _directory = directory;
        _segmentSize = segmentSize;
        fileSystem.CreateDirectory(directory);
    }

    public long BytesWritten { get; private set; }

    public ulong Write(ReadOnlySpan<byte> chunk, byte encoding = BlockFormat.XorEncoding)
    {
        var size = 10 + 1 + chunk.Length + 4;
        if (_file is null || (_offset + size > _segmentSize && _offset > BlockFormat.ChunksHeaderSize))
        {
            Cut();
        }

        var reference = ((ulong)(uint)_sequence << 32) | (uint)_offset;
        var start = _buffer.Length;
        _buffer.PutUvarint((ulong)chunk.Length);
        var encodingAt = _buffer.Length;
        _buffer.PutByte(encoding);
        _buffer.PutBytes(chunk);
        _buffer.PutBE32(Crc32C.Compute(_buffer.WrittenSpan[encodingAt..]));
        _offset += _buffer.Length - start;
        BytesWritten += _buffer.Length - start;
        if (_buffer.Length >= FlushThreshold)
        {
            Flush();
        }

        return reference;
    }

    /// <summary>Flushes and fsyncs every segment; the directory entry is synced by the block writer.</summary>
    public void Finish()
    {
        if (_file is null)
        {
            Cut();
        }

        Flush();
        _file!.Sync();
        _file.Dispose();
        _file = null;
        _fileSystem.SyncDirectory(_directory);
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private void Cut()
    {
        if (_file is not null)
        {
            Flush();
            _file.Sync();
            _file.Dispose();
        }

        _sequence++;
        var path = Path.Combine(_directory, BlockFormat.ChunkSegmentName(_sequence + 1));
        _files.Add(path);
        _file = _fileSystem.OpenAppend(path);
        Span<byte> header = stackalloc byte[BlockFormat.ChunksHeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(header, _magic);
        header[4] = BlockFormat.ChunksVersion;
        _buffer.PutBytes(header);
        _offset = BlockFormat.ChunksHeaderSize;
        BytesWritten += BlockFormat.ChunksHeaderSize;
    }

    private void Flush()
    {
        if (_buffer.Length > 0)
        {
            _file!.Write(_buffer.WrittenSpan);
            _buffer.Clear();
        }
    }
}
