using System.Collections;
using System.CommandLine;
using Nines.Configuration;

namespace Nines.Cli;

/// <summary><c>nines config check FILE</c> and <c>nines config docs</c>.</summary>
internal static class ConfigCommands
{
    /// <summary>The <c>config</c> command and its verbs.</summary>
    public static Command Create(CliContext context)
    {
        var config = new Command("config", "Check a configuration file, or print the configuration reference.");
        config.Subcommands.Add(CreateCheck(context));
        config.Subcommands.Add(CreateDocs(context));
        return config;
    }

    private static Command CreateCheck(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The nines.yaml to check" };
        var check = new Command("check",
            "Check a configuration file: every error is printed as FILE:LINE:COL: key: message (exit code 2), else 'FILE: OK'. " +
            "Checks the file alone: NINES_* variables and flags are not applied.")
        {
            file,
        };
        check.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = NinesConfiguration.Load(path, new Hashtable(), overrides: null, context.WorkingDirectory);
            if (!result.Succeeded)
            {
                return ConfigFlags.Fail(context, result.Errors);
            }

            context.Out.WriteLine($"{path}: OK");
            return ExitCodes.Ok;
        });
        return check;
    }

    private static Command CreateDocs(CliContext context)
    {
        var docs = new Command("docs", "Print the configuration reference (every setting, its type, default and variable) as Markdown: docs/configuration.md.");
        docs.SetAction(_ =>
        {
            context.Out.Write(ConfigDocs.Render());
            return ExitCodes.Ok;
        });
        return docs;
    }
}
