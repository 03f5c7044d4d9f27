using System.Text;

namespace Nines.Configuration;

/// <summary>
/// Renders the configuration reference (docs/configuration.md) from the options classes: names,
/// types, defaults and <c>[Description]</c>s. The committed file is checked against this output by
/// a test, so the reference cannot drift from the code. Regenerate with <c>nines config docs</c>.
/// </summary>
internal static class ConfigDocs
{
    /// <summary>The example in the reference; a test checks that it loads without errors.</summary>
    public const string ExampleYaml = """
        # nines.yaml
        data: /var/lib/nines

        server:
          listen: 0.0.0.0:9999
          public_url: https://nines.example.com
          shutdown_timeout: 45s

        store:
          # Several replicas share one PostgreSQL; leave empty for the SQLite file in data.
          postgres: Host=db.internal;Port=5432;Username=nines;Password=change-me;Database=nines

        auth:
          session_lifetime: 8h
          login_attempts: 5
          login_rate_window: 10m

        log:
          level: information
          format: json

        """;

    /// <summary>The whole Markdown document, with <c>\n</c> line ends.</summary>
    public static string Render()
    {
        var schema = ConfigSchema.Nines;
        var defaults = new NinesOptions();
        var md = new StringBuilder();
        md.Append($$"""
            # Configuration

            <!-- Generated from the options classes by `nines config docs`; do not edit by hand. -->

            Nines reads its settings from three places. Each one overrides the one before it:

            1. **The file `nines.yaml`**: the file named by `--config FILE`; else the file named by the
               environment variable `NINES_CONFIG`; else `nines.yaml` in the working directory if it
               exists. With no file, the built-in defaults apply. An empty file also means all defaults.
            2. **Environment variables**: `NINES_` followed by the setting's path in upper case, with a
               double underscore `__` between levels: `NINES_SERVER__LISTEN=0.0.0.0:9999`,
               `NINES_AUTH__ANONYMOUS_INGEST=true`, `NINES_DATA=/var/lib/nines`. Names are matched
               case-insensitively. An empty value unsets an optional setting (`NINES_STORE__POSTGRES=`
               goes back to SQLite). Any other `NINES_*` variable is an error, so that a typo is not
               silently ignored. The exceptions are `{{ConfigEnvironment.ConfigFileVariable}}` (the file to read) and
               `{{ConfigEnvironment.TestPrefix}}*` (for test harnesses).
            3. **Flags**: `--data DIR` sets `data`, and `--listen HOST:PORT` sets `server.listen`.

            Nines checks all settings at start-up and reports every error at once, not just the first
            one. Each error has the form `FILE:LINE:COL: key: message`. When the value came from a
            variable or a flag, the error names it instead: `env NINES_SERVER__LISTEN: server.listen: …`.
            `nines serve` and `nines demo` refuse to start with any error (exit code 2).
            `nines config check FILE` checks a file without starting anything.

            ## Values

            - **Keys** are the snake_case names in the tables below. An unknown key is an error, and
              the message suggests the closest valid key.
            - **Durations** are written as in Prometheus: numbers with units, largest unit first, such
              as `500ms`, `30s`, `5m`, `1h30m`, `12h` or `7d`. The units are `ms`, `s`, `m`, `h`, `d`,
              `w` (7d) and `y` (365d). A bare number such as `30` is refused, because it could mean
              seconds or milliseconds: write `30s`.
            - **Booleans** are `true` or `false`.
            - **Integers** are written without separators or units: `1048576`.
            - **Strings** may be quoted. Quote a value that YAML would otherwise read as something else
              (`"true"`, `"123"`) or that contains `: ` or ` #`.
            - **Null** (`~`, `null`, or no value at all) leaves an optional setting unset.
            - **Paths** (`data`) are relative to the working directory of the `nines` command.

            ## Example

            ```yaml
            {{ExampleYaml.TrimEnd()}}
            ```

            """);

        AppendTable(md, "Top level", schema.Root.Description, schema.Root.Settings, defaults);
        foreach (var section in schema.AllSections)
        {
            AppendTable(md, $"`{section.Path}`", section.Description, section.Settings, defaults);
        }

        foreach (var custom in schema.AllSections.Prepend(schema.Root).SelectMany(s => s.Custom))
        {
            md.Append('\n').Append("## `").Append(custom.Path).Append("`\n\n").Append(custom.Description).Append('\n');
        }

        return md.ToString().ReplaceLineEndings("\n");
    }

    private static void AppendTable(StringBuilder md, string title, string description, IReadOnlyList<ConfigSetting> settings, NinesOptions defaults)
    {
        if (settings.Count == 0)
        {
            return;
        }

        md.Append('\n').Append("## ").Append(title).Append('\n');
        if (description.Length > 0)
        {
            md.Append('\n').Append(description).Append('\n');
        }

        md.Append('\n');
        md.Append("| Key | Type | Default | Environment variable | Description |\n");
        md.Append("|---|---|---|---|---|\n");
        foreach (var setting in settings)
        {
            var value = ConfigSchema.Nines.GetValue(defaults, setting);
            var shown = value is null || (value is string { Length: 0 }) ? "*(unset)*" : $"`{ConfigValues.Format(value)}`";
            md.Append(CultureInfoFree($"| `{setting.Name}` | {setting.TypeDescription} | {shown} | `{setting.EnvironmentVariable}` | {Escape(setting.Description)} |\n"));
        }
    }

    private static string CultureInfoFree(FormattableString s) => FormattableString.Invariant(s);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
