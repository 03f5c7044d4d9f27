namespace Nines.Configuration;

/// <summary>
/// One problem with the configuration, located where the user can fix it: a file position
/// (<see cref="Line"/> and <see cref="Column"/>, 1-based), or the environment variable or flag that
/// set the value (then <see cref="Line"/> is null).
/// </summary>
/// <param name="Source">The file path as given, <c>env NINES_…</c> or <c>flag --…</c>.</param>
/// <param name="Line">1-based line in the file, or null when the value did not come from a file.</param>
/// <param name="Column">1-based column in the file, or null.</param>
/// <param name="Key">The setting's path, like <c>server.listen</c>; empty when the error is not about one setting.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
internal sealed record ConfigError(string Source, int? Line, int? Column, string Key, string Message)
{
    /// <summary>Compiler style: <c>FILE:LINE:COL: key: message</c>, which editors and CI annotate.</summary>
    public override string ToString()
    {
        var where = Line is { } line ? $"{Source}:{line}:{Column ?? 1}" : Source;
        return Key.Length > 0 ? $"{where}: {Key}: {Message}" : $"{where}: {Message}";
    }
}
