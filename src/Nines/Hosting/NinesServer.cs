using Nines.Configuration;

namespace Nines.Hosting;

/// <summary>Builds, starts and runs the Nines server.</summary>
internal static class NinesServer
{
    /// <summary>Runs until SIGTERM/SIGINT or <paramref name="cancellationToken"/>; returns the exit code.</summary>
    public static Task<int> RunAsync(NinesOptions options, ServerMode mode, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
