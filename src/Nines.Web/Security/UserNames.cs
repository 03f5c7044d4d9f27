namespace Nines.Web.Security;

/// <summary>What the UI accepts as a new user name.</summary>
internal static class UserNames
{
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="username"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string? username)
    {
        var name = username?.Trim() ?? "";
        if (name.Length == 0)
        {
            return "Enter a user name.";
        }

        if (name.Length > MaxLength)
        {
            return $"A user name has at most {MaxLength} characters.";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return "A user name starts with a letter or a digit.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '@'))
            {
                return "A user name may hold only letters, digits, '.', '_', '-' and '@'.";
            }
        }

        return null;
    }
}
