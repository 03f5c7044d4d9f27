using System.Diagnostics.CodeAnalysis;

namespace Nines.Core.Security;

/// <summary>Parsing, formatting and ordering of <see cref="Role"/>.</summary>
public static class Roles
{
    /// <summary>Every role, lowest first.</summary>
    public static IReadOnlyList<Role> All { get; } = [Role.Viewer, Role.Responder, Role.Editor, Role.Admin];

    /// <summary>True when <paramref name="held"/> includes the rights of <paramref name="required"/>.</summary>
    public static bool Satisfies(this Role held, Role required) => held >= required;

    /// <summary>The lower-case name used in the API, the CLI and the store.</summary>
    public static string ToName(this Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Responder => "responder",
        Role.Editor => "editor",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>Parses a role name case-insensitively.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out Role? role)
    {
        role = name?.Trim().ToLowerInvariant() switch
        {
            "viewer" => Role.Viewer,
            "responder" => Role.Responder,
            "editor" => Role.Editor,
            "admin" => Role.Admin,
            _ => null,
        };
        return role is not null;
    }

    /// <summary>The list of names, for error messages.</summary>
    public static string Names => "viewer, responder, editor, admin";
}
