namespace Nines.Metrics.IO;

/// <summary>
/// Append handle over a <see cref="FileStream"/> without its own buffer: the WAL writer already
/// hands over whole group-commit batches, so a second copy would only cost memory bandwidth.
/// </summary>
internal sealed class PhysicalAppendFile : IAppendFile
{
    private readonly FileStream _stream;

    public PhysicalAppendFile(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
    }

    public long Length => _stream.Length;

    public void Write(ReadOnlySpan<byte> data) => _stream.Write(data);

    // Flush(true) is fsync(2) on Unix and FlushFileBuffers on Windows.
    public void Sync() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();
}
