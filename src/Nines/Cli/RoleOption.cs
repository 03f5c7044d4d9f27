using System.CommandLine;
using Nines.Core.Security;

namespace Nines.Cli;

/// <summary>The <c>--role</c> option of <c>token create</c> and <c>user add</c>.</summary>
internal static class RoleOption
{
    /// <summary>A new required <c>--role ROLE</c> option.</summary>
    public static Option<string> Create(string what) => new("--role")
    {
        Description = $"The role {what}: {Roles.Names}",
        HelpName = "ROLE",
        Required = true,
    };

    /// <summary>Parses the role, or explains the choices.</summary>
    public static bool TryParse(string? text, out Role role, out string error)
    {
        if (Roles.TryParse(text, out var parsed))
        {
            role = parsed.Value;
            error = "";
            return true;
        }

        role = default;
        error = $"unknown role '{text}'; roles: {Roles.Names}";
        return false;
    }
}
