namespace Nines.Metrics.IO;

/// <summary>A read-only file handle for positional reads (pread): safe to use from many threads at once.</summary>
internal interface IRandomReadFile : IDisposable
{
    /// <summary>Length in bytes.</summary>
    long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many were read (fewer only at the end).</summary>
    int Read(long offset, Span<byte> destination);
}
