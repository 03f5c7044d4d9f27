using System.CommandLine;
using Nines.Cli;
using Nines.Configuration;

namespace Nines.Tests.Cli;

public sealed class NinesCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Walk(CreateRoot(), ""))
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public async Task Version_NoOptions_PrintsNameVersionAndRuntime()
    {
        var run = await _cli.RunAsync("version");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("nines 0.1.0", run.OutLines[0]);
        Assert.StartsWith("runtime .NET 10.", run.OutLines[^1], StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Run_NoVerb_ExitsUsage()
    {
        var run = await _cli.RunAsync();

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Required command was not provided", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownVerb_ExitsUsageWithParseErrorOnStderr()
    {
        var run = await _cli.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'frobnicate'", run.Error, StringComparison.Ordinal);
        Assert.Equal("Run 'nines --help' for usage.", run.ErrorLines[^1]);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsUsageNamingTheCommand()
    {
        var run = await _cli.RunAsync("token", "list", "--bogus");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--bogus", run.Error, StringComparison.Ordinal);
        Assert.Equal("Run 'nines token list --help' for usage.", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task Run_MissingArgument_ExitsUsage()
    {
        var run = await _cli.RunAsync("config", "check");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("Run 'nines config check --help' for usage.", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task Run_MissingRequiredOption_ExitsUsage()
    {
        var run = await _cli.RunAsync("token", "create", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--role", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    [Fact]
    public async Task Help_Root_ListsEveryVerb()
    {
        var run = await _cli.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var verb in new[] { "serve", "demo", "config", "token", "user", "version" })
        {
            Assert.Contains("  " + verb, run.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_EveryCommand_ListsItsOptionsAndArguments(string path)
    {
        var command = Find(CreateRoot(), path);

        var run = await _cli.RunAsync([.. path.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(command.Description!.Split(' ')[0], run.Out, StringComparison.Ordinal);
        foreach (var option in command.Options)
        {
            Assert.Contains(option.Name, run.Out, StringComparison.Ordinal);
        }

        foreach (var argument in command.Arguments)
        {
            Assert.Contains($"<{argument.Name}>", run.Out, StringComparison.Ordinal);
        }

        foreach (var sub in command.Subcommands)
        {
            Assert.Contains("  " + sub.Name, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CreateRootCommand_EveryVerbThatReadsConfiguration_TakesDataAndConfig()
    {
        var root = CreateRoot();
        var leaves = Walk(root, "").Select(p => (Path: p, Command: Find(root, p))).Where(c => c.Command.Subcommands.Count == 0);

        foreach (var (path, command) in leaves.Where(c => c.Path is not ("version" or "config check" or "config docs")))
        {
            var names = command.Options.Select(o => o.Name).ToList();
            Assert.Contains("--data", names);
            Assert.Contains("--config", names);
            Assert.Equal(path is "serve" or "demo", names.Contains("--listen"));
        }
    }

    [Fact]
    public async Task ConfigCheck_ValidFile_PrintsOk()
    {
        _cli.WriteFile("prod.yaml", "server:\n  listen: 0.0.0.0:9999\n");

        var run = await _cli.RunAsync("config", "check", "prod.yaml");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("prod.yaml: OK\n", run.Out.ReplaceLineEndings("\n"));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task ConfigCheck_InvalidFile_PrintsEveryErrorAndExitsUsage()
    {
        _cli.WriteFile("nines.yaml", """
            server:
              listen: 127.0.0.1:9999
              lisen: 0.0.0.0:1
            log:
              level: loud
            """);

        var run = await _cli.RunAsync("config", "check", "nines.yaml");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Equal(
            [
                "nines.yaml:3:3: server.lisen: unknown key 'lisen' in section 'server'; did you mean 'listen'? valid keys: listen, otlp_grpc_listen, otlp_http_listen, public_url, max_request_body_bytes, shutdown_timeout",
                "nines.yaml:5:3: log.level: must be one of trace, debug, information, warning, error, critical; got 'loud'",
                "nines: 2 configuration errors",
            ],
            run.ErrorLines);
    }

    [Fact]
    public async Task ConfigCheck_MissingFile_ExitsUsage()
    {
        var run = await _cli.RunAsync("config", "check", "absent.yaml");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("absent.yaml: cannot read the configuration file: no such file", run.ErrorLines[0]);
    }

    [Fact]
    public async Task ConfigCheck_StrayEnvironmentVariable_ChecksTheFileAlone()
    {
        _cli.WriteFile("nines.yaml", "");
        _cli.Environment["NINES_SERVER_LISTEN"] = "x";

        var run = await _cli.RunAsync("config", "check", "nines.yaml");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public async Task ConfigDocs_NoArguments_PrintsTheReference()
    {
        var run = await _cli.RunAsync("config", "docs");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(ConfigDocs.Render(), run.Out);
    }

    [Fact]
    public async Task Serve_InvalidListenFlag_ExitsUsageNamingTheFlag()
    {
        var run = await _cli.RunAsync("serve", "--listen", "nowhere", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("flag --listen: server.listen: must be HOST:PORT", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    [Fact]
    public async Task Demo_NinesYamlInWorkingDirectory_IsReadByDefault()
    {
        _cli.WriteFile("nines.yaml", "server:\n  shutdown_timeout: soon\n");

        var run = await _cli.RunAsync("demo");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("nines.yaml:2:21: server.shutdown_timeout: expected a duration", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ConfigFlag_WinsOverNinesConfigVariable()
    {
        _cli.WriteFile("flag.yaml", "log:\n  level: flag\n");
        _cli.WriteFile("env.yaml", "log:\n  level: env\n");
        _cli.Environment["NINES_CONFIG"] = "env.yaml";

        var fromEnv = await _cli.RunAsync("serve");
        var fromFlag = await _cli.RunAsync("serve", "--config", "flag.yaml");

        Assert.StartsWith("env.yaml:2:3: log.level:", fromEnv.ErrorLines[0], StringComparison.Ordinal);
        Assert.StartsWith("flag.yaml:2:3: log.level:", fromFlag.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MissingConfigFile_ExitsUsage()
    {
        var run = await _cli.RunAsync("serve", "--config", "absent.yaml");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("absent.yaml: cannot read the configuration file: no such file", run.ErrorLines[0]);
    }

    [Fact]
    public async Task Serve_UnknownNinesVariable_ExitsUsage()
    {
        _cli.Environment["NINES_SERVER_LISTEN"] = "0.0.0.0:1";

        var run = await _cli.RunAsync("serve");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("env NINES_SERVER_LISTEN: unknown Nines variable; did you mean NINES_SERVER__LISTEN?", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreate_UnknownRole_ExitsUsageListingRoles()
    {
        var run = await _cli.RunAsync("token", "create", "--role", "owner", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("nines: unknown role 'owner'; roles: viewer, responder, editor, admin", run.ErrorLines[0]);
        Assert.Empty(run.Out);
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    [Fact]
    public async Task TokenCreate_ExpiresWithoutUnit_ExitsUsage()
    {
        var run = await _cli.RunAsync("token", "create", "--role", "viewer", "--expires", "30", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("nines: --expires: a duration needs a unit", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdd_WeakPassword_ExitsUsage()
    {
        var run = await _cli.RunWithInputAsync("short\n", "user", "add", "bob", "--role", "viewer", "--password-stdin", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("nines: --password-stdin: A password needs at least 12 characters.", run.ErrorLines[0]);
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    [Fact]
    public async Task UserAdd_UnknownRole_ExitsUsage()
    {
        var run = await _cli.RunAsync("user", "add", "bob", "--role", "root", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("roles: viewer, responder, editor, admin", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataVerb_InvalidConfiguration_ExitsUsageWithoutOpeningTheStore()
    {
        _cli.Environment["NINES_STORE__BUSY_TIMEOUT"] = "5";

        var run = await _cli.RunAsync("user", "list", "--data", _cli.DataDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("env NINES_STORE__BUSY_TIMEOUT: store.busy_timeout: a duration needs a unit", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.DataDirectory));
    }

    public void Dispose() => _cli.Dispose();

    private static RootCommand CreateRoot() =>
        NinesCli.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, TextReader.Null, new System.Collections.Hashtable(), ".", TimeProvider.System));

    private static IEnumerable<string> Walk(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name;
            yield return path;
            foreach (var nested in Walk(sub, path))
            {
                yield return nested;
            }
        }
    }

    private static Command Find(Command root, string path)
    {
        var command = root;
        foreach (var name in path.Split(' '))
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return command;
    }
}
