using System.CommandLine;
using Nines.Core.Tenancy;

namespace Nines.Cli;

/// <summary>The <c>--tenant</c> option of the data verbs.</summary>
internal static class TenantOption
{
    /// <summary>A new <c>--tenant T</c> option defaulting to <c>default</c>.</summary>
    public static Option<string> Create() => new("--tenant")
    {
        Description = "The tenant",
        HelpName = "T",
        DefaultValueFactory = _ => TenantId.Default,
    };
}
