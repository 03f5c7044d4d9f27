using System.CommandLine;
using Nines.Configuration;

namespace Nines.Cli;

/// <summary>
/// The options every verb that reads configuration takes: <c>--config</c>, <c>--data</c>, and for
/// the server verbs <c>--listen</c>. Each command gets its own instances.
/// </summary>
internal sealed class ConfigFlags
{
    public ConfigFlags(bool withListen)
    {
        if (withListen)
        {
            Listen = new Option<string>("--listen")
            {
                Description = "HOST:PORT for the UI and HTTP APIs (overrides server.listen and NINES_SERVER__LISTEN) [default: 127.0.0.1:9999]",
                HelpName = "HOST:PORT",
            };
            OtlpGrpc = new Option<string>("--otlp-grpc")
            {
                Description = "HOST:PORT for OTLP/gRPC, empty to turn it off (overrides server.otlp_grpc_listen) [default: 127.0.0.1:4317]",
                HelpName = "HOST:PORT",
            };
            OtlpHttp = new Option<string>("--otlp-http")
            {
                Description = "HOST:PORT for OTLP/HTTP, empty to turn it off (overrides server.otlp_http_listen) [default: 127.0.0.1:4318]",
                HelpName = "HOST:PORT",
            };
        }
    }

    /// <summary><c>--config FILE</c>.</summary>
    public Option<string> Config { get; } = new("--config")
    {
        Description = "Configuration file [default: $NINES_CONFIG, else ./nines.yaml if it exists]",
        HelpName = "FILE",
    };

    /// <summary><c>--data DIR</c>.</summary>
    public Option<string> Data { get; } = new("--data")
    {
        Description = "Data directory (overrides data in nines.yaml and NINES_DATA) [default: ./nines-data]",
        HelpName = "DIR",
    };

    /// <summary><c>--listen HOST:PORT</c>, on the server verbs only.</summary>
    public Option<string>? Listen { get; }

    /// <summary><c>--otlp-grpc HOST:PORT</c>, on the server verbs only.</summary>
    public Option<string>? OtlpGrpc { get; }

    /// <summary><c>--otlp-http HOST:PORT</c>, on the server verbs only.</summary>
    public Option<string>? OtlpHttp { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Data);
        if (Listen is not null)
        {
            command.Options.Add(Listen);
            command.Options.Add(OtlpGrpc!);
            command.Options.Add(OtlpHttp!);
        }
    }

    /// <summary>Loads file, environment and these flags, and validates the result.</summary>
    public ConfigResult Load(ParseResult parse, CliContext context)
    {
        var overrides = new List<ConfigOverride>();
        if (parse.GetValue(Data) is { } data)
        {
            overrides.Add(new ConfigOverride("data", data, "flag --data"));
        }

        if (Listen is not null && parse.GetValue(Listen) is { } listen)
        {
            overrides.Add(new ConfigOverride("server.listen", listen, "flag --listen"));
        }

        if (OtlpGrpc is not null && parse.GetValue(OtlpGrpc) is { } grpc)
        {
            overrides.Add(new ConfigOverride("server.otlp_grpc_listen", grpc, "flag --otlp-grpc"));
        }

        if (OtlpHttp is not null && parse.GetValue(OtlpHttp) is { } http)
        {
            overrides.Add(new ConfigOverride("server.otlp_http_listen", http, "flag --otlp-http"));
        }

        var path = NinesConfiguration.ResolvePath(parse.GetValue(Config), context.Variables, context.WorkingDirectory);
        var result = NinesConfiguration.Load(path, context.Variables, overrides, context.WorkingDirectory);
        if (result.Options is { } options)
        {
            // Relative to where the command was run, not wherever the process later changes to.
            options.Data = Path.GetFullPath(options.Data, context.WorkingDirectory);
        }

        return result;
    }

    /// <summary>Prints every configuration error to stderr and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Fail(CliContext context, IReadOnlyList<ConfigError> errors)
    {
        foreach (var error in errors)
        {
            context.Error.WriteLine(error.ToString());
        }

        context.Error.WriteLine(errors.Count == 1 ? "nines: 1 configuration error" : $"nines: {errors.Count} configuration errors");
        return ExitCodes.Usage;
    }
}
