namespace Nines.Cli;

/// <summary>Process exit codes, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command failed at run time (store unreachable, entity not found, …).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or invalid configuration: nothing was started or changed.</summary>
    public const int Usage = 2;

    /// <summary>The server could not start: port in use, data directory unwritable, store locked or too new.</summary>
    public const int StartupFailed = 3;
}
