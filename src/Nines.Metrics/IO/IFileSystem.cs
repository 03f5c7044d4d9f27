namespace Nines.Metrics.IO;

/// <summary>
/// What the TSDB needs from a file system, and nothing more, so crash tests can substitute a fake
/// that drops un-synced bytes, tears the last write or flips bytes (the seam koculu/ZoneTree's
/// <c>IFileStreamProvider</c> provides). Paths are absolute or relative to the process.
/// </summary>
internal interface IFileSystem
{
    /// <summary>Creates the directory and its parents if missing.</summary>
    void CreateDirectory(string path);

    /// <summary>Names (not paths) of the regular files directly in <paramref name="directory"/>, in no order.</summary>
    IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Whether a regular file exists.</summary>
    bool FileExists(string path);

    /// <summary>Opens a file for appending, creating it when missing; the handle starts at the end.</summary>
    IAppendFile OpenAppend(string path);

    /// <summary>Opens a file for sequential reading.</summary>
    Stream OpenRead(string path);

    /// <summary>Cuts a file to <paramref name="length"/> bytes and makes the cut durable.</summary>
    void Truncate(string path, long length);

    /// <summary>Renames a file; the caller syncs both directories to make it durable.</summary>
    void Move(string source, string destination);

    /// <summary>Deletes a file if it exists.</summary>
    void Delete(string path);

    /// <summary>
    /// Makes the directory's entries (creations, renames, deletions) durable: on Linux a new file
    /// can vanish after a power loss even when its data was fsynced, until its directory is fsynced.
    /// </summary>
    void SyncDirectory(string path);

    /// <summary>Names (not paths) of the directories directly in <paramref name="directory"/>, in no order.</summary>
    IReadOnlyList<string> ListDirectories(string directory);

    /// <summary>Whether a directory exists.</summary>
    bool DirectoryExists(string path);

    /// <summary>Renames a directory (atomic on POSIX); the caller syncs the parent to make it durable.</summary>
    void MoveDirectory(string source, string destination);

    /// <summary>Deletes a directory and everything in it, if it exists.</summary>
    void DeleteDirectory(string path);

    /// <summary>Opens a file for positional reads (block chunks are read where the index points).</summary>
    IRandomReadFile OpenRandomRead(string path);
}
