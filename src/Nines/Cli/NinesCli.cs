namespace Nines.Cli;

/// <summary>The command line: verbs, options, help. Replaced by the full System.CommandLine tree.</summary>
internal static class NinesCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _ = args;
        _ = stderr;
        stdout.WriteLine("nines");
        return Task.FromResult(ExitCodes.Ok);
    }
}
