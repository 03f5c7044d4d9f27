using System.Diagnostics.CodeAnalysis;

namespace Nines.Configuration;

/// <summary>
/// The outcome of <see cref="NinesConfiguration.Load"/>: the bound and validated options, or null
/// with every error found (never just the first).
/// </summary>
internal sealed record ConfigResult(NinesOptions? Options, IReadOnlyList<ConfigError> Errors)
{
    /// <summary>True when <see cref="Options"/> is set and there are no errors.</summary>
    [MemberNotNullWhen(true, nameof(Options))]
    public bool Succeeded => Options is not null;
}
