namespace Nines.Hosting;

/// <summary>
/// The data directory of a running server: created if missing, proven writable, and locked so
/// that a second server on the same directory fails fast instead of corrupting state. The lock is
/// an exclusive open of <c>nines.lock</c>, which .NET turns into an advisory <c>flock</c> on Unix
/// and the OS releases when the process dies, even on <c>kill -9</c>. CLI verbs do not take it:
/// they work on the store beside a running server.
/// </summary>
internal sealed class DataDirectory : IDisposable
{
    private readonly FileStream _lock;

    private DataDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    /// <summary>Creates, checks and locks <paramref name="path"/>, or throws <see cref="StartupException"/>.</summary>
    public static DataDirectory Acquire(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            var probe = System.IO.Path.Combine(full, ".write-probe");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"data directory {full} is not writable: {e.Message} (choose another with --data DIR)", e);
        }

        var lockPath = System.IO.Path.Combine(full, "nines.lock");
        try
        {
            var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The pid goes to a separate file: the locked one cannot be read by the process that is refused.
            File.WriteAllText(System.IO.Path.Combine(full, "nines.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            return new DataDirectory(full, stream);
        }
        catch (IOException e)
        {
            var holder = "";
            try
            {
                var pid = File.ReadAllText(System.IO.Path.Combine(full, "nines.pid")).Trim();
                holder = pid.Length == 0 ? "" : $" (process {pid})";
            }
            catch (IOException)
            {
                // The holder's pid is a courtesy; the lock failure is what matters.
            }

            throw new StartupException($"data directory {full} is in use by another nines server{holder}; stop it or choose another with --data DIR", e);
        }
    }

    public void Dispose() => _lock.Dispose();
}
