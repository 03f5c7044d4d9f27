using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Nines.Cli;

/// <summary><c>nines version</c>.</summary>
internal static class VersionCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print the version, the commit it was built from (when known) and the .NET runtime.");
        command.SetAction(_ =>
        {
            var (version, commit) = Read();
            context.Out.WriteLine($"nines {version}");
            if (commit is not null)
            {
                context.Out.WriteLine($"commit {commit}");
            }

            context.Out.WriteLine($"runtime {RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The version and commit, from the informational version <c>0.1.0+COMMIT</c> the SDK stamps from git.</summary>
    public static (string Version, string? Commit) Read()
    {
        var informational = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, null) : (informational[..plus], informational[(plus + 1)..]);
    }
}
