using System.CommandLine;
using Nines.Store;

namespace Nines.Cli;

/// <summary>
/// The command line: verbs, options, help (System.CommandLine). Parse errors exit with
/// <see cref="ExitCodes.Usage"/> before anything runs; see docs/cli.md for every verb.
/// </summary>
internal static class NinesCli
{
    /// <summary>Runs <paramref name="args"/> against the real console input, environment, directory and clock.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, new CliContext(stdout, stderr, Console.In, Environment.GetEnvironmentVariables(), Environment.CurrentDirectory, TimeProvider.System));

    /// <summary>Runs <paramref name="args"/> in <paramref name="context"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine("nines: " + error.Message);
            }

            context.Error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,

            // The server handles SIGTERM itself and drains for server.shutdown_timeout; System.CommandLine's
            // handler would kill the process after its own short timeout.
            ProcessTerminationTimeout = null,
        };

        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (StoreException e)
        {
            context.Error.WriteLine("nines: " + e.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine("nines: cancelled");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The whole verb tree, with actions bound to <paramref name="context"/>.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "Nines: the reliability platform in one binary. Metrics, logs, traces, SLOs, alerting, on-call and incidents.\n" +
            "Configuration: nines.yaml, NINES_* environment variables, flags (docs/configuration.md).");
        root.Subcommands.Add(ServerCommands.Create(context, Hosting.ServerMode.Serve));
        root.Subcommands.Add(ServerCommands.Create(context, Hosting.ServerMode.Demo));
        root.Subcommands.Add(ConfigCommands.Create(context));
        root.Subcommands.Add(TokenCommands.Create(context));
        root.Subcommands.Add(UserCommands.Create(context));
        root.Subcommands.Add(VersionCommand.Create(context));
        return root;
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(r.Parent is null ? "nines" : r.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
