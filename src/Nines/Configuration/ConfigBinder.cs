using System.Collections;

namespace Nines.Configuration;

/// <summary>
/// Applies the three sources onto one <see cref="NinesOptions"/> in order (file, then environment,
/// then flags), collecting every error and remembering where each value came from so that
/// validation can point at it.
/// </summary>
internal sealed class ConfigBinder
{
    private readonly ConfigSchema _schema;
    private readonly object _root;
    private readonly Dictionary<string, ValueOrigin> _origins = new(StringComparer.Ordinal);

    public ConfigBinder()
        : this(ConfigSchema.Nines, new NinesOptions(), [])
    {
    }

    /// <summary>A binder of <paramref name="root"/> (of <paramref name="schema"/>'s type) adding errors to <paramref name="errors"/>.</summary>
    public ConfigBinder(ConfigSchema schema, object root, List<ConfigError> errors)
    {
        _schema = schema;
        _root = root;
        Errors = errors;
    }

    /// <summary>The options being built; starts at the defaults.</summary>
    public NinesOptions Options => (NinesOptions)_root;

    /// <summary>Every error so far, in the order found.</summary>
    public List<ConfigError> Errors { get; }

    /// <summary>Paths of the settings and custom keys given a value so far.</summary>
    public IEnumerable<string> SetPaths => _origins.Keys;

    /// <summary>Binds a YAML mapping onto the root (a custom key's value bound by its own schema).</summary>
    public void BindRoot(YamlNode mapping, string source) => BindMapping(_schema.Root, mapping, source);

    /// <summary>Where the value of the setting at <paramref name="path"/> came from.</summary>
    public ValueOrigin OriginOf(string path) => _origins.GetValueOrDefault(path) ?? ValueOrigin.Default;

    /// <summary>Binds the text of a YAML file; <paramref name="source"/> names it in errors.</summary>
    public void BindYaml(string text, string source)
    {
        var root = YamlConfigReader.Read(text, source, Errors);
        if (root is null || root.IsNull)
        {
            return;
        }

        if (root.Kind != YamlNodeKind.Mapping)
        {
            Errors.Add(new ConfigError(source, root.Line, root.Column, "",
                $"expected a mapping of settings at the top level ({string.Join(", ", _schema.Root.Keys)}); got {root.Describe()}"));
            return;
        }

        BindMapping(_schema.Root, root, source);
    }

    /// <summary>Binds every <c>NINES_*</c> variable of <paramref name="environment"/>.</summary>
    public void BindEnvironment(IDictionary environment)
    {
        var names = new List<string>();
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(ConfigEnvironment.Prefix, StringComparison.OrdinalIgnoreCase) && !ConfigEnvironment.IsAllowed(name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var text = environment[name] as string;
            var source = "env " + name;
            var path = string.Join('.', name[ConfigEnvironment.Prefix.Length..].Split("__").Select(p => p.ToLowerInvariant()));
            var setting = _schema.FindSetting(path);
            if (setting is null)
            {
                if (_schema.FindSection(path) is { } section)
                {
                    var example = section.Settings.Concat(section.Sections.SelectMany(Leaves)).Select(s => s.EnvironmentVariable);
                    Errors.Add(new ConfigError(source, null, null, path,
                        $"names a section, not a setting; set its keys one by one: {string.Join(", ", example)}"));
                    continue;
                }

                var all = _schema.AllSettings.Select(s => s.EnvironmentVariable).ToList();
                var suggestion = Suggestions.Closest(name, all);
                var hint = suggestion is null ? "" : $"did you mean {suggestion}? ";
                Errors.Add(new ConfigError(source, null, null, "",
                    $"unknown Nines variable; {hint}Settings are NINES_<SECTION>__<KEY> with a double underscore between levels " +
                    $"({string.Join(", ", all)}); also allowed: {ConfigEnvironment.ConfigFileVariable}, {ConfigEnvironment.TestPrefix}*"));
                continue;
            }

            // An empty variable unsets an optional setting (NINES_STORE__POSTGRES= goes back to SQLite).
            Apply(setting, string.IsNullOrEmpty(text) ? null : text, new ValueOrigin(source, null, null));
        }
    }

    /// <summary>Binds values given as command-line flags.</summary>
    public void BindOverrides(IEnumerable<ConfigOverride> overrides)
    {
        foreach (var o in overrides)
        {
            var setting = _schema.FindSetting(o.Key)
                ?? throw new ArgumentException($"'{o.Key}' is not a configuration setting", nameof(overrides));
            Apply(setting, o.Value, new ValueOrigin(o.Source, null, null));
        }
    }

    private static IEnumerable<ConfigSetting> Leaves(ConfigSection section) =>
        section.Settings.Concat(section.Sections.SelectMany(Leaves));

    private void BindMapping(ConfigSection section, YamlNode mapping, string source)
    {
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Entries)
        {
            if (keyNode.Kind != YamlNodeKind.Scalar)
            {
                Errors.Add(new ConfigError(source, keyNode.Line, keyNode.Column, section.Path,
                    $"a key must be a plain name; got {keyNode.Describe()}"));
                continue;
            }

            var key = keyNode.Value;
            var path = section.Path.Length == 0 ? key : section.Path + "." + key;
            if (seen.TryGetValue(key, out var first))
            {
                Errors.Add(new ConfigError(source, keyNode.Line, keyNode.Column, path,
                    $"duplicate key '{key}' (first set on line {first.Line}, column {first.Column}); keep one"));
                continue;
            }

            seen[key] = keyNode;
            if (section.FindCustom(key) is { } custom)
            {
                BindCustom(section, custom, valueNode, source);
                _origins[custom.Path] = new ValueOrigin(source, keyNode.Line, keyNode.Column);
                continue;
            }

            if (section.FindSection(key) is { } child)
            {
                if (valueNode.Kind == YamlNodeKind.Mapping)
                {
                    BindMapping(child, valueNode, source);
                }
                else if (!valueNode.IsNull)
                {
                    Errors.Add(new ConfigError(source, valueNode.Line, valueNode.Column, path,
                        $"'{key}' is a section: expected a mapping of its settings ({string.Join(", ", child.Keys)}) on the lines below, indented; got {valueNode.Describe()}"));
                }

                continue;
            }

            if (section.FindSetting(key) is { } setting)
            {
                BindValue(setting, keyNode, valueNode, source);
                continue;
            }

            var valid = section.Keys.ToList();
            var suggestion = Suggestions.Closest(key, valid);
            var where = section.Path.Length == 0 ? "at the top level" : $"in section '{section.Path}'";
            var hint = suggestion is null ? "" : $"did you mean '{suggestion}'? ";
            Errors.Add(new ConfigError(source, keyNode.Line, keyNode.Column, path,
                $"unknown key '{key}' {where}; {hint}valid keys: {string.Join(", ", valid)}"));
        }
    }

    private void BindCustom(ConfigSection section, ConfigCustomKey custom, YamlNode valueNode, string source)
    {
        var owner = _root;
        var current = _schema.Root;
        foreach (var part in _schema.RelativeParts(section.Path))
        {
            current = current.FindSection(part)!;
            owner = current.GetInstance(owner);
        }

        if (custom.Property.PropertyType == typeof(List<Nines.Ingest.Scrape.ScrapeConfig>))
        {
            custom.Property.SetValue(owner, ScrapeConfigBinder.Bind(valueNode, source, Errors));
        }
        else if (custom.Property.PropertyType == typeof(Dictionary<string, string>))
        {
            custom.Property.SetValue(owner, ScrapeConfigBinder.BindLabelMap(valueNode, custom.Path, source, Errors));
        }
        else if (custom.Property.PropertyType == typeof(List<string>))
        {
            custom.Property.SetValue(owner, PipelineConfigBinder.BindStrings(valueNode, custom.Path, source, Errors));
        }
        else if (custom.Property.PropertyType == typeof(List<Nines.Ingest.Pipeline.Redaction.RedactionRuleOptions>))
        {
            custom.Property.SetValue(owner, PipelineConfigBinder.BindRules(valueNode, custom.Path, source, Errors));
        }
        else if (custom.Property.PropertyType == typeof(Dictionary<string, double>))
        {
            custom.Property.SetValue(owner, PipelineConfigBinder.BindProbabilities(valueNode, custom.Path, source, Errors));
        }
        else if (custom.Property.PropertyType == typeof(Dictionary<string, Nines.Ingest.Pipeline.Sampling.LogSamplingRule>))
        {
            custom.Property.SetValue(owner, PipelineConfigBinder.BindLogServices(valueNode, custom.Path, source, Errors));
        }
        else if (custom.Property.PropertyType == typeof(Dictionary<string, TenantPipelineSection>))
        {
            custom.Property.SetValue(owner, PipelineConfigBinder.BindTenants(valueNode, custom.Path, source, Errors));
        }
        else
        {
            throw new InvalidOperationException($"No binder for the custom key '{custom.Path}' of type {custom.Property.PropertyType}.");
        }
    }

    private void BindValue(ConfigSetting setting, YamlNode keyNode, YamlNode valueNode, string source)
    {
        if (valueNode.Kind != YamlNodeKind.Scalar)
        {
            Errors.Add(new ConfigError(source, valueNode.Line, valueNode.Column, setting.Path,
                $"{ConfigValues.Expected(setting)}; got {valueNode.Describe()}"));
            return;
        }

        // A bad value is pointed at; a missing one at its key. Validation later points at the key.
        var origin = new ValueOrigin(source, keyNode.Line, keyNode.Column);
        var valueOrigin = valueNode.IsNull ? origin : new ValueOrigin(source, valueNode.Line, valueNode.Column);
        Apply(setting, valueNode.IsNull ? null : valueNode.Value, origin, valueOrigin);
    }

    private void Apply(ConfigSetting setting, string? text, ValueOrigin origin, ValueOrigin? valueOrigin = null)
    {
        if (!ConfigValues.TryConvert(setting, text, out var value, out var error))
        {
            Errors.Add((valueOrigin ?? origin).Error(setting.Path, error));
            return;
        }

        setting.SetValue(_schema.GetOwner(_root, setting), value);
        _origins[setting.Path] = origin;
    }
}
