using System.Reflection;

namespace Nines.Configuration;

/// <summary>A mapping in the configuration: the root options class or a nested options class.</summary>
internal sealed class ConfigSection
{
    public ConfigSection(string name, string path, Type type, PropertyInfo? property, string description, IReadOnlyList<ConfigSetting> settings, IReadOnlyList<ConfigSection> sections, IReadOnlyList<ConfigCustomKey>? custom = null)
    {
        Name = name;
        Path = path;
        Type = type;
        Property = property;
        Description = description;
        Settings = settings;
        Sections = sections;
        Custom = custom ?? [];
    }

    /// <summary>The YAML key (empty for the root).</summary>
    public string Name { get; }

    /// <summary>The dotted path from the root (empty for the root).</summary>
    public string Path { get; }

    /// <summary>The options class.</summary>
    public Type Type { get; }

    /// <summary>The property of the parent that holds this section; null for the root.</summary>
    public PropertyInfo? Property { get; }

    /// <summary>The property's <c>[Description]</c>.</summary>
    public string Description { get; }

    /// <summary>The leaf settings, in declaration order.</summary>
    public IReadOnlyList<ConfigSetting> Settings { get; }

    /// <summary>The nested sections, in declaration order.</summary>
    public IReadOnlyList<ConfigSection> Sections { get; }

    /// <summary>Keys bound by their own binder (lists such as <c>scrape_configs</c>).</summary>
    public IReadOnlyList<ConfigCustomKey> Custom { get; }

    /// <summary>Every key valid in this mapping, settings first.</summary>
    public IEnumerable<string> Keys => Settings.Select(s => s.Name).Concat(Sections.Select(s => s.Name)).Concat(Custom.Select(c => c.Name));

    /// <summary>The custom key named <paramref name="name"/>, or null.</summary>
    public ConfigCustomKey? FindCustom(string name) => Custom.FirstOrDefault(c => c.Name == name);

    /// <summary>The setting named <paramref name="name"/>, or null.</summary>
    public ConfigSetting? FindSetting(string name) => Settings.FirstOrDefault(s => s.Name == name);

    /// <summary>The section named <paramref name="name"/>, or null.</summary>
    public ConfigSection? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>This section's options instance inside <paramref name="parent"/>, created when null.</summary>
    public object GetInstance(object parent)
    {
        if (Property is null)
        {
            return parent;
        }

        var value = Property.GetValue(parent);
        if (value is null)
        {
            value = Activator.CreateInstance(Type)!;
            Property.SetValue(parent, value);
        }

        return value;
    }
}
