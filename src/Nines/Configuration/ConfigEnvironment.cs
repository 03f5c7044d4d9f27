namespace Nines.Configuration;

/// <summary>
/// The <c>NINES_*</c> environment variables. Each setting has one: <c>NINES_</c>, then the path in
/// upper case with <c>__</c> between levels (<c>NINES_SERVER__LISTEN</c>, <c>NINES_DATA</c>); names
/// are matched case-insensitively. Any other <c>NINES_*</c> variable is an error (a typo would
/// otherwise be silently ignored) except the ones in <see cref="IsAllowed"/>.
/// </summary>
internal static class ConfigEnvironment
{
    /// <summary>The prefix of every Nines variable.</summary>
    public const string Prefix = "NINES_";

    /// <summary>Names the configuration file when <c>--config</c> is not given.</summary>
    public const string ConfigFileVariable = "NINES_CONFIG";

    /// <summary>Variables with this prefix are left to test harnesses.</summary>
    public const string TestPrefix = "NINES_TEST_";

    /// <summary>True for a <c>NINES_*</c> variable that is not a setting but is allowed: <c>NINES_CONFIG</c>, <c>NINES_TEST_*</c>.</summary>
    public static bool IsAllowed(string name) =>
        string.Equals(name, ConfigFileVariable, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(TestPrefix, StringComparison.OrdinalIgnoreCase);
}
