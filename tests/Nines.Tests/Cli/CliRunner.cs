using System.Collections;
using Microsoft.Extensions.Time.Testing;
using Nines.Cli;
using Nines.Store;

namespace Nines.Tests.Cli;

/// <summary>Runs the CLI in-process against a temp working directory, an explicit environment and a fake clock.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <summary>The working directory of every run.</summary>
    public string WorkingDirectory => _directory.Path;

    /// <summary>A data directory inside the working directory.</summary>
    public string DataDirectory => Path.Combine(_directory.Path, "data");

    /// <summary>The environment every run sees (empty unless a test adds to it).</summary>
    public Hashtable Environment { get; } = new();

    /// <summary>The clock.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Runs <paramref name="args"/> with empty stdin.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs <paramref name="args"/> with <paramref name="stdin"/> as standard input.</summary>
    public async Task<CliRun> RunWithInputAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin);
        var context = new CliContext(stdout, stderr, input, Environment, WorkingDirectory, Time);
        var code = await NinesCli.RunAsync(args, context);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a file into the working directory.</summary>
    public void WriteFile(string name, string text) => File.WriteAllText(Path.Combine(WorkingDirectory, name), text);

    /// <summary>Opens the store of <see cref="DataDirectory"/> as the CLI does.</summary>
    public async Task<IControlPlaneStore> OpenStoreAsync()
    {
        var store = await ControlPlaneStore.OpenAsync(new StoreOptions(), DataDirectory, Time);
        await store.MigrateAsync();
        return store;
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>The outcome of one CLI run.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output split into lines, without the final empty one.</summary>
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Standard error split into lines.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
