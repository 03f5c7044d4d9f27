using Microsoft.Win32.SafeHandles;

namespace Nines.Metrics.IO;

/// <summary>Positional reads through <see cref="RandomAccess"/> (pread on Unix): no shared file position, so no lock.</summary>
internal sealed class PhysicalRandomReadFile : IRandomReadFile
{
    private readonly SafeFileHandle _handle;

    public PhysicalRandomReadFile(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        Length = RandomAccess.GetLength(_handle);
    }

    public long Length { get; }

    public int Read(long offset, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(_handle, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Dispose() => _handle.Dispose();
}
