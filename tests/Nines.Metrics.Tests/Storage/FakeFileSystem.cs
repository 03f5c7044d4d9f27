using Nines.Metrics.IO;

namespace Nines.Metrics.Tests.Storage;

/// <summary>
/// In-memory file system that remembers what was fsynced, so tests can crash it: drop un-synced
/// bytes, tear the last write, flip bytes. Handles opened before a crash throw afterwards, as a
/// dead process' would never write again.
/// </summary>
internal sealed class FakeFileSystem : IFileSystem
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, FakeFile> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private int _generation;
    private int _fileSyncs;

    /// <summary>Sync blocks while this is reset: a slow or stuck disk.</summary>
    public ManualResetEventSlim SyncGate { get; } = new(initialState: true);

    /// <summary>Set whenever a file sync starts.</summary>
    public ManualResetEventSlim SyncEntered { get; } = new(initialState: false);

    /// <summary>Delay per file sync, to make group commit visible.</summary>
    public TimeSpan SyncDelay { get; set; }

    public bool FailSyncs { get; set; }

    private int _operationsUntilCrash = -1;
    private bool _crashed;

    /// <summary>
    /// After this many more mutating operations (create, write, sync, rename, delete) the next one
    /// throws and so does every later one, as if the process died there; <see cref="Crash"/> then
    /// restarts the machine. -1: never.
    /// </summary>
    public int OperationsUntilCrash
    {
        get => Volatile.Read(ref _operationsUntilCrash);
        set => Volatile.Write(ref _operationsUntilCrash, value);
    }

    /// <summary>Mutating operations so far, to size a crash-point sweep.</summary>
    public int MutatingOperations { get; private set; }

    private void Step()
    {
        lock (_sync)
        {
            MutatingOperations++;
            if (_crashed)
            {
                throw new IOException("Simulated crash: the process is dead.");
            }

            if (_operationsUntilCrash == 0)
            {
                _crashed = true;
                throw new IOException("Simulated crash point reached.");
            }

            if (_operationsUntilCrash > 0)
            {
                _operationsUntilCrash--;
            }
        }
    }

    public int FileSyncCount => Volatile.Read(ref _fileSyncs);

    public void CreateDirectory(string path)
    {
        Step();
        lock (_sync)
        {
            _directories.Add(Normalize(path));
        }
    }

    public IReadOnlyList<string> ListDirectories(string directory)
    {
        var dir = Normalize(directory) + "/";
        lock (_sync)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in _files.Keys.Concat(_directories))
            {
                if (path.StartsWith(dir, StringComparison.Ordinal))
                {
                    var rest = path[dir.Length..];
                    var slash = rest.IndexOf('/', StringComparison.Ordinal);
                    if (slash > 0)
                    {
                        result.Add(rest[..slash]);
                    }
                    else if (_directories.Contains(path))
                    {
                        result.Add(rest);
                    }
                }
            }

            return [.. result];
        }
    }

    public bool DirectoryExists(string path)
    {
        var dir = Normalize(path);
        lock (_sync)
        {
            return _directories.Contains(dir) || _files.Keys.Any(f => f.StartsWith(dir + "/", StringComparison.Ordinal));
        }
    }

    public void MoveDirectory(string source, string destination)
    {
        Step();
        var from = Normalize(source);
        var to = Normalize(destination);
        lock (_sync)
        {
            foreach (var path in _files.Keys.Where(f => f.StartsWith(from + "/", StringComparison.Ordinal)).ToList())
            {
                var file = _files[path];
                _files.Remove(path);
                _files[to + path[from.Length..]] = file;
            }

            foreach (var dir in _directories.Where(d => d == from || d.StartsWith(from + "/", StringComparison.Ordinal)).ToList())
            {
                _directories.Remove(dir);
                _directories.Add(to + dir[from.Length..]);
            }
        }
    }

    public void DeleteDirectory(string path)
    {
        Step();
        var dir = Normalize(path);
        lock (_sync)
        {
            foreach (var file in _files.Keys.Where(f => f.StartsWith(dir + "/", StringComparison.Ordinal)).ToList())
            {
                _files.Remove(file);
            }

            _directories.RemoveWhere(d => d == dir || d.StartsWith(dir + "/", StringComparison.Ordinal));
        }
    }

    public IRandomReadFile OpenRandomRead(string path)
    {
        lock (_sync)
        {
            var file = Get(Normalize(path));
            return new FakeRandomReadFile(file.Data.AsSpan(0, file.Length).ToArray());
        }
    }

    /// <summary>Every file path, for tests that look for a block's files.</summary>
    public IReadOnlyList<string> AllFiles()
    {
        lock (_sync)
        {
            return [.. _files.Keys];
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var dir = Normalize(directory);
        lock (_sync)
        {
            var result = new List<string>();
            foreach (var path in _files.Keys)
            {
                if (Path.GetDirectoryName(path) == dir)
                {
                    result.Add(Path.GetFileName(path));
                }
            }

            return result;
        }
    }

    public bool FileExists(string path)
    {
        lock (_sync)
        {
            return _files.ContainsKey(Normalize(path));
        }
    }

    public IAppendFile OpenAppend(string path)
    {
        Step();
        path = Normalize(path);
        lock (_sync)
        {
            if (!_files.ContainsKey(path))
            {
                _files[path] = new FakeFile();
            }

            return new FakeAppendFile(this, path, _generation);
        }
    }

    public Stream OpenRead(string path)
    {
        lock (_sync)
        {
            var file = Get(Normalize(path));
            return new MemoryStream(file.Data.AsSpan(0, file.Length).ToArray(), writable: false);
        }
    }

    public void Truncate(string path, long length)
    {
        Step();
        lock (_sync)
        {
            var file = Get(Normalize(path));
            file.Length = (int)Math.Min(file.Length, length);
            file.SyncedLength = file.Length;
        }
    }

    public void Move(string source, string destination)
    {
        Step();
        lock (_sync)
        {
            var file = Get(Normalize(source));
            _files.Remove(Normalize(source));
            _files[Normalize(destination)] = file;
        }
    }

    public void Delete(string path)
    {
        Step();
        lock (_sync)
        {
            _files.Remove(Normalize(path));
        }
    }

    public void SyncDirectory(string path)
    {
        Step();
        var dir = Normalize(path);
        lock (_sync)
        {
            foreach (var (name, file) in _files)
            {
                if (Path.GetDirectoryName(name) == dir)
                {
                    file.EntryDurable = true;
                }
            }
        }
    }

    public void Crash(CrashMode mode)
    {
        lock (_sync)
        {
            _crashed = false;
            _operationsUntilCrash = -1;
            _generation++;
            var lost = new List<string>();
            foreach (var (name, file) in _files)
            {
                if (mode != CrashMode.KillProcess && !file.EntryDurable)
                {
                    lost.Add(name);
                    continue;
                }

                if (mode == CrashMode.DropUnsynced)
                {
                    file.Length = file.SyncedLength;
                }
                else if (mode == CrashMode.TearLastWrite && file.LastWriteStart + file.LastWriteLength > file.SyncedLength)
                {
                    file.Length = Math.Max(file.SyncedLength, file.LastWriteStart + (file.LastWriteLength / 2));
                }

                file.SyncedLength = file.Length;
            }

            foreach (var name in lost)
            {
                _files.Remove(name);
            }
        }

        SyncGate.Set();
    }

    public void FlipByte(string path, long offset)
    {
        lock (_sync)
        {
            Get(Normalize(path)).Data[offset] ^= 0x5A;
        }
    }

    public long LengthOf(string path)
    {
        lock (_sync)
        {
            return Get(Normalize(path)).Length;
        }
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(path);

    private FakeFile Get(string path) =>
        _files.TryGetValue(path, out var file) ? file : throw new FileNotFoundException("No such file.", path);

    private void Write(string path, int generation, ReadOnlySpan<byte> data)
    {
        Step();
        lock (_sync)
        {
            var file = Live(path, generation);
            if (file.Length + data.Length > file.Data.Length)
            {
                var grown = new byte[Math.Max(file.Data.Length * 2, file.Length + data.Length)];
                file.Data.AsSpan(0, file.Length).CopyTo(grown);
                file.Data = grown;
            }

            data.CopyTo(file.Data.AsSpan(file.Length));
            file.LastWriteStart = file.Length;
            file.LastWriteLength = data.Length;
            file.Length += data.Length;
        }
    }

    private void SyncFile(string path, int generation)
    {
        Step();
        SyncEntered.Set();
        SyncGate.Wait();
        if (SyncDelay > TimeSpan.Zero)
        {
            Thread.Sleep(SyncDelay);
        }

        lock (_sync)
        {
            var file = Live(path, generation);
            if (FailSyncs)
            {
                throw new IOException("Simulated fsync failure (EIO).");
            }

            file.SyncedLength = file.Length;
            _fileSyncs++;
        }
    }

    private long LengthOf(string path, int generation)
    {
        lock (_sync)
        {
            return Live(path, generation).Length;
        }
    }

    private FakeFile Live(string path, int generation)
    {
        if (generation != _generation)
        {
            throw new IOException("The simulated machine crashed; this handle is dead.");
        }

        return Get(path);
    }

    private sealed class FakeFile
    {
        public byte[] Data { get; set; } = new byte[4096];

        public int Length { get; set; }

        public int SyncedLength { get; set; }

        public int LastWriteStart { get; set; }

        public int LastWriteLength { get; set; }

        public bool EntryDurable { get; set; }
    }

    private sealed class FakeAppendFile(FakeFileSystem fileSystem, string path, int generation) : IAppendFile
    {
        public long Length => fileSystem.LengthOf(path, generation);

        public void Write(ReadOnlySpan<byte> data) => fileSystem.Write(path, generation, data);

        public void Sync() => fileSystem.SyncFile(path, generation);

        public void Dispose()
        {
        }
    }

    private sealed class FakeRandomReadFile(byte[] data) : IRandomReadFile
    {
        public long Length => data.Length;

        public int Read(long offset, Span<byte> destination)
        {
            if (offset >= data.Length)
            {
                return 0;
            }

            var count = (int)Math.Min(destination.Length, data.Length - offset);
            data.AsSpan((int)offset, count).CopyTo(destination);
            return count;
        }

        public void Dispose()
        {
        }
    }
}
