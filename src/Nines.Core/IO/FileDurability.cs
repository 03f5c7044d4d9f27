using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Nines.Core.IO;

/// <summary>
/// The two syncs every write-ahead log of Nines needs (metrics and events alike): fdatasync of a
/// segment, and fsync of a directory so that a new segment's name survives a power cut. .NET has
/// neither (it cannot open a directory as a file, and Flush(true) is a full fsync), hence
/// open(2)/fsync(2)/fdatasync(2)/close(2) directly.
/// </summary>
public static class FileDurability
{
    private const int ORdOnly = 0;

    /// <summary>
    /// Makes a file's written bytes and size durable: fdatasync(2) on Linux — which, unlike fsync,
    /// does not wait for a journal commit of the modification time (PostgreSQL's WAL default for the
    /// same reason) — and <see cref="FileStream.Flush(bool)"/> elsewhere.
    /// </summary>
    /// <exception cref="IOException">The sync failed; the data may not be durable.</exception>
    public static void DataSync(FileStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!OperatingSystem.IsLinux())
        {
            stream.Flush(flushToDisk: true);
            return;
        }

        SafeFileHandle handle = stream.SafeFileHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (FDataSync((int)handle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fdatasync of '{stream.Name}' failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>fsync(2) of a directory on Unix; a no-op on Windows, where NTFS journals metadata.</summary>
    /// <exception cref="IOException">The directory could not be opened or synced.</exception>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }

        var fd = Open(path, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"open('{path}') for directory fsync failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int FDataSync(int fd);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
