using System.ComponentModel;
using System.Reflection;
using System.Text;

namespace Nines.Configuration;

/// <summary>
/// The shape of nines.yaml, read by reflection from <see cref="NinesOptions"/>: every public
/// read-write property is a key (its name in snake_case); a property whose type is a class with a
/// parameterless constructor is a nested section, anything else must be one of the
/// <see cref="SettingType"/>s. The binder, the environment mapping and the docs all walk this one model.
/// </summary>
internal sealed class ConfigSchema
{
    private static readonly Lazy<ConfigSchema> Instance = new(() => new ConfigSchema(typeof(NinesOptions)));

    private readonly Dictionary<string, ConfigSetting> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConfigSection> _sections = new(StringComparer.Ordinal);

    private ConfigSchema(Type rootType, string rootPath = "")
    {
        var nullability = new NullabilityInfoContext();
        Root = BuildSection(rootType, "", rootPath, null, "", nullability);
    }

    /// <summary>
    /// The schema of an options type bound inside a custom key (a tenant's pipeline overrides), its
    /// paths starting at <paramref name="rootPath"/> so that errors name the full key.
    /// </summary>
    public static ConfigSchema For(Type rootType, string rootPath) => new(rootType, rootPath);

    /// <summary>The schema of <see cref="NinesOptions"/>.</summary>
    public static ConfigSchema Nines => Instance.Value;

    /// <summary>The top-level mapping.</summary>
    public ConfigSection Root { get; }

    /// <summary>Every setting, in document order (depth first).</summary>
    public IEnumerable<ConfigSetting> AllSettings => _settings.Values;

    /// <summary>Every section below the root, in document order.</summary>
    public IEnumerable<ConfigSection> AllSections => _sections.Values;

    /// <summary>The setting at a dotted path like <c>server.listen</c>, or null.</summary>
    public ConfigSetting? FindSetting(string path) => _settings.GetValueOrDefault(path);

    /// <summary>The section at a dotted path like <c>server</c>, or null.</summary>
    public ConfigSection? FindSection(string path) => _sections.GetValueOrDefault(path);

    /// <summary>The options instance that holds <paramref name="setting"/> inside <paramref name="root"/>.</summary>
    public object GetOwner(object root, ConfigSetting setting)
    {
        var owner = root;
        var section = Root;
        var parts = RelativeParts(setting.Path);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            section = section.FindSection(parts[i])!;
            owner = section.GetInstance(owner);
        }

        return owner;
    }

    /// <summary>The names of the sections and key below the root on <paramref name="path"/>.</summary>
    public string[] RelativeParts(string path) =>
        (Root.Path.Length == 0 ? path : path[Math.Min(path.Length, Root.Path.Length + 1)..]).Split('.', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The current value of <paramref name="setting"/> in <paramref name="root"/>.</summary>
    public object? GetValue(object root, ConfigSetting setting) => setting.GetValue(GetOwner(root, setting));

    /// <summary>
    /// <c>MaxRequestBodyBytes</c> → <c>max_request_body_bytes</c>; <c>HTTPPort</c> → <c>http_port</c>;
    /// a number with a lower-case unit is its own word (<c>Retention5m</c> → <c>retention_5m</c>), other
    /// digits stay with their word (<c>Ipv6Enabled</c> → <c>ipv6_enabled</c>).
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        static bool StartsUnit(string name, int i)
        {
            while (i < name.Length && char.IsDigit(name[i]))
            {
                i++;
            }

            return i < name.Length && char.IsLower(name[i]);
        }

        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsDigit(c) && i > 0 && char.IsLetter(name[i - 1]) && StartsUnit(name, i))
            {
                sb.Append('_').Append(c);
            }
            else if (char.IsUpper(c))
            {
                var boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private ConfigSection BuildSection(Type type, string name, string path, PropertyInfo? property, string description, NullabilityInfoContext nullability)
    {
        var settings = new List<ConfigSetting>();
        var sections = new List<ConfigSection>();
        var custom = new List<ConfigCustomKey>();
        var section = new ConfigSection(name, path, type, property, description, settings, sections, custom);
        if (path.Length > 0 && property is not null)
        {
            _sections[path] = section;
        }

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetMethod is null || p.SetMethod is not { IsPublic: true } || p.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = ToSnakeCase(p.Name);
            var childPath = path.Length == 0 ? key : path + "." + key;
            var text = p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "";
            if (p.GetCustomAttribute<ConfigCustomAttribute>() is not null)
            {
                custom.Add(new ConfigCustomKey(key, childPath, p, text));
            }
            else if (TryGetSettingType(p.PropertyType, out var settingType))
            {
                var isNullable = Nullable.GetUnderlyingType(p.PropertyType) is not null
                    || nullability.Create(p).WriteState == NullabilityState.Nullable;
                var setting = new ConfigSetting(key, childPath, p, settingType, isNullable, text);
                settings.Add(setting);
                _settings[childPath] = setting;
            }
            else if (p.PropertyType.IsClass && p.PropertyType.GetConstructor(Type.EmptyTypes) is not null)
            {
                sections.Add(BuildSection(p.PropertyType, key, childPath, p, text, nullability));
            }
            else
            {
                throw new InvalidOperationException(
                    $"Configuration property {type.Name}.{p.Name} has type {p.PropertyType}, which nines.yaml cannot bind. " +
                    "Use string, bool, int, long, double, an enum, TimeSpan or an options class (or teach ConfigSchema and ConfigValues the new type).");
            }
        }

        return section;
    }

    private static bool TryGetSettingType(Type type, out SettingType settingType)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        settingType = t switch
        {
            _ when t == typeof(string) => SettingType.String,
            _ when t == typeof(bool) => SettingType.Boolean,
            _ when t == typeof(int) => SettingType.Int32,
            _ when t == typeof(long) => SettingType.Int64,
            _ when t == typeof(double) => SettingType.Double,
            _ when t == typeof(TimeSpan) => SettingType.Duration,
            _ when t.IsEnum => SettingType.Enum,
            _ => (SettingType)(-1),
        };
        return settingType >= 0;
    }
}
