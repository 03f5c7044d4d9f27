using System.Diagnostics;

namespace Nines.Metrics.Tests.Blocks;

/// <summary>Runs Debian's Prometheus 2.42 promtool, the real peer that proves our blocks are Prometheus blocks.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// <c>promtool tsdb dump</c> of the blocks only: copies the block directories into a scratch
    /// database with an empty <c>wal</c> (our WAL is not Prometheus' format), as "labels value t" lines.
    /// </summary>
    public static List<string> Dump(IEnumerable<string> blockDirectories)
    {
        var (code, output) = TryDump(blockDirectories);
        Assert.True(code == 0, output);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>As <see cref="Dump"/>, returning promtool's exit code and output instead of asserting success.</summary>
    public static (int ExitCode, string Output) TryDump(IEnumerable<string> blockDirectories)
    {
        var scratch = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nines-promtool-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(System.IO.Path.Combine(scratch, "wal"));
            foreach (var block in blockDirectories)
            {
                CopyDirectory(block, System.IO.Path.Combine(scratch, System.IO.Path.GetFileName(block)));
            }

            return Run("tsdb", "dump", scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, System.IO.Path.Combine(destination, System.IO.Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(dir, System.IO.Path.Combine(destination, System.IO.Path.GetFileName(dir)));
        }
    }
}
