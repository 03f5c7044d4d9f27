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
                "Run the server plus a built-in demo estate: simulated services that send real telemetry, have SLOs and fail now and then. " +
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

            var options = result.Options;
            if (mode == ServerMode.Demo && ListenAddress.TryParse(options.Server.Listen, out var listen, out _) && listen!.IsLoopback)
            {
                options.Auth.AnonymousIngest = true;
            }

            return await NinesServer.RunAsync(options, mode, context.Out, context.Error, cancellationToken);
        });
        return command;
    }
}
