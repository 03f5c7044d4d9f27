using System.Reflection;

namespace Nines.Configuration;

/// <summary>One leaf of the configuration: a property of an options class that holds a value.</summary>
internal sealed class ConfigSetting
{
    public ConfigSetting(string name, string path, PropertyInfo property, SettingType type, bool nullable, string description)
    {
        Name = name;
        Path = path;
        Property = property;
        Type = type;
        Nullable = nullable;
        Description = description;
    }

    /// <summary>The YAML key: snake_case of the property name.</summary>
    public string Name { get; }

    /// <summary>The dotted path from the root, like <c>server.listen</c>.</summary>
    public string Path { get; }

    /// <summary>The property on the owning options class.</summary>
    public PropertyInfo Property { get; }

    /// <summary>What kind of value it holds.</summary>
    public SettingType Type { get; }

    /// <summary>True when the setting may be unset (null).</summary>
    public bool Nullable { get; }

    /// <summary>The property's <c>[Description]</c>.</summary>
    public string Description { get; }

    /// <summary>The environment variable that sets it: <c>NINES_SERVER__LISTEN</c>.</summary>
    public string EnvironmentVariable => ConfigEnvironment.Prefix + Path.Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>For <see cref="SettingType.Enum"/>: the enum type (not nullable).</summary>
    public Type? EnumType => Type == SettingType.Enum
        ? System.Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType
        : null;

    /// <summary>The allowed names of an enum setting, in declaration order.</summary>
    public IReadOnlyList<string> EnumNames => EnumType is { } t
        ? [.. Enum.GetNames(t).Select(ConfigSchema.ToSnakeCase)]
        : [];

    /// <summary>How the type is described in errors and the docs: "duration", "true or false", ….</summary>
    public string TypeDescription => Type switch
    {
        SettingType.String => "string",
        SettingType.Boolean => "true or false",
        SettingType.Int32 or SettingType.Int64 => "integer",
        SettingType.Double => "number",
        SettingType.Enum => "one of " + string.Join(", ", EnumNames),
        SettingType.Duration => "duration",
        _ => Type.ToString(),
    };

    /// <summary>Reads the value from the owning options instance.</summary>
    public object? GetValue(object owner) => Property.GetValue(owner);

    /// <summary>Writes the value into the owning options instance.</summary>
    public void SetValue(object owner, object? value) => Property.SetValue(owner, value);
}
