using System.CommandLine;
using Nines.Configuration;
using Nines.Hosting;

namespace Nines.Cli;

/// <summary><c>nines serve</c> and <c>nines demo</c>.</summary>
internal static class ServerCommands
{
    /// <summary>The command for <paramref name="mode"/>.</summary>
    public static Command Create(CliContext context, ServerMode mode)
    {
        var command = mode == ServerMode.Demo
            ? new Command("demo",
                "Run the server with a seeded demo: a second tenant, users of every role and sample API tokens, so no page is empty. " +
                "Telemetry ingest needs no token when listening on loopback only.")
            : new Command("serve", "Run the Nines server: UI and every API on --listen (default 127.0.0.1:9999). Stops cleanly on SIGTERM or Ctrl+C.");
        var flags = new ConfigFlags(withListen: true);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = flags.Load(parse, context);
            if (!result.Succeeded)
            {
                return ConfigFlags.Fail(context, result.Errors);
            }

            // The server decides demo's anonymous ingest from the listen address (loopback only).
            return await NinesServer.RunAsync(result.Options, mode, context.Out, context.Error, cancellationToken);
        });
        return command;
    }
}
