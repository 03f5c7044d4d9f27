namespace Nines.Metrics.IO;

/// <summary>The real file system. Stateless; one shared instance.</summary>
internal sealed class PhysicalFileSystem : IFileSystem
{
    public static PhysicalFileSystem Instance { get; } = new();

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public IReadOnlyList<string> ListFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var result = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            result.Add(Path.GetFileName(path));
        }

        return result;
    }

    public bool FileExists(string path) => File.Exists(path);

    public IAppendFile OpenAppend(string path) => new PhysicalAppendFile(path);

    // A small FileStream buffer: the WAL reader does its own buffering and counts it.
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);

    public void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }

    public void Move(string source, string destination) => File.Move(source, destination);

    public void Delete(string path) => File.Delete(path);

    public void SyncDirectory(string path) => Nines.Core.IO.FileDurability.SyncDirectory(path);

    public IReadOnlyList<string> ListDirectories(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var result = new List<string>();
        foreach (var path in Directory.EnumerateDirectories(directory))
        {
            result.Add(Path.GetFileName(path));
        }

        return result;
    }

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void MoveDirectory(string source, string destination) => Directory.Move(source, destination);

    public void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public IRandomReadFile OpenRandomRead(string path) => new PhysicalRandomReadFile(path);
}
