using System.Collections;

namespace Nines.Configuration;

/// <summary>
/// Loads <see cref="NinesOptions"/>: built-in defaults, then nines.yaml, then <c>NINES_*</c>
/// environment variables, then command-line flags; then validates the result. Every error is
/// collected and returned, each located in the file (line and column), or by variable or flag.
/// </summary>
internal static class NinesConfiguration
{
    /// <summary>The file read from the working directory when neither <c>--config</c> nor <c>NINES_CONFIG</c> names one.</summary>
    public const string DefaultFileName = "nines.yaml";

    /// <summary>
    /// Which configuration file to read: <paramref name="configFlag"/> (<c>--config</c>) when given,
    /// else <c>$NINES_CONFIG</c> when set, else <c>nines.yaml</c> when it exists in
    /// <paramref name="workingDirectory"/>, else none (defaults, environment and flags only).
    /// </summary>
    public static string? ResolvePath(string? configFlag, IDictionary environment, string workingDirectory)
    {
        if (!string.IsNullOrEmpty(configFlag))
        {
            return configFlag;
        }

        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && string.Equals(name, ConfigEnvironment.ConfigFileVariable, StringComparison.OrdinalIgnoreCase)
                && entry.Value is string { Length: > 0 } value)
            {
                return value;
            }
        }

        return File.Exists(Path.Combine(workingDirectory, DefaultFileName)) ? DefaultFileName : null;
    }

    /// <summary>
    /// Loads and validates the configuration.
    /// </summary>
    /// <param name="yamlPath">The file to read (as the user wrote it: errors name it so), or null for none. A missing file is an error.</param>
    /// <param name="environment">The process environment (<see cref="Environment.GetEnvironmentVariables()"/>); <c>NINES_*</c> entries apply over the file.</param>
    /// <param name="overrides">Flag values; they apply over the environment.</param>
    /// <param name="workingDirectory">Relative <paramref name="yamlPath"/>s are read from here; default: the process's.</param>
    public static ConfigResult Load(string? yamlPath, IDictionary environment, IEnumerable<ConfigOverride>? overrides = null, string? workingDirectory = null)
    {
        string? text = null;
        var readErrors = new List<ConfigError>();
        if (yamlPath is not null)
        {
            try
            {
                text = File.ReadAllText(Path.GetFullPath(yamlPath, workingDirectory ?? Environment.CurrentDirectory));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                var why = ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message;
                readErrors.Add(new ConfigError(yamlPath, null, null, "", $"cannot read the configuration file: {why}"));
            }
        }

        var result = Bind(text, yamlPath ?? "", environment, overrides);
        return readErrors.Count == 0 ? result : new ConfigResult(null, [.. readErrors, .. result.Errors]);
    }

    /// <summary>
    /// Loads and validates configuration from YAML text (tests, and <c>config check</c> of piped input).
    /// </summary>
    /// <param name="yaml">The file's text; null or empty for none.</param>
    /// <param name="source">How errors name the file.</param>
    /// <param name="environment">As in <see cref="Load"/>.</param>
    /// <param name="overrides">As in <see cref="Load"/>.</param>
    public static ConfigResult Bind(string? yaml, string source, IDictionary environment, IEnumerable<ConfigOverride>? overrides = null)
    {
        var binder = new ConfigBinder();
        if (!string.IsNullOrEmpty(yaml))
        {
            binder.BindYaml(yaml, source);
        }

        binder.BindEnvironment(environment);
        binder.BindOverrides(overrides ?? []);

        foreach (var (key, message) in NinesOptionsValidator.Validate(binder.Options))
        {
            binder.Errors.Add(binder.OriginOf(key).Error(key, message));
        }

        binder.Errors.AddRange(ScrapeConfigBinder.Validate(binder.Options, binder.OriginOf));

        return binder.Errors.Count == 0
            ? new ConfigResult(binder.Options, [])
            : new ConfigResult(null, binder.Errors);
    }
}
