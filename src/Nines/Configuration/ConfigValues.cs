using System.Globalization;

namespace Nines.Configuration;

/// <summary>
/// Turns the text of a YAML scalar, an environment variable or a flag into a setting's value. One
/// converter for all three sources, so that <c>30s</c> means the same everywhere.
/// </summary>
internal static class ConfigValues
{
    /// <summary>
    /// Converts <paramref name="text"/> (null: YAML null or an empty variable) for <paramref name="setting"/>.
    /// On failure <paramref name="error"/> says what was expected and what was given.
    /// </summary>
    public static bool TryConvert(ConfigSetting setting, string? text, out object? value, out string error)
    {
        value = null;
        error = "";
        if (text is null)
        {
            if (setting.Nullable)
            {
                return true;
            }

            error = $"needs a value: {Expected(setting)}";
            return false;
        }

        switch (setting.Type)
        {
            case SettingType.String:
                value = text;
                return true;

            case SettingType.Boolean:
                if (bool.TryParse(text.Trim(), out var b))
                {
                    value = b;
                    return true;
                }

                error = $"expected true or false; got '{text}'";
                return false;

            case SettingType.Int32:
                if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    value = i;
                    return true;
                }

                error = $"expected a whole number from {int.MinValue} to {int.MaxValue}; got '{text}'";
                return false;

            case SettingType.Int64:
                if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    value = l;
                    return true;
                }

                error = $"expected a whole number; got '{text}'";
                return false;

            case SettingType.Double:
                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    value = d;
                    return true;
                }

                error = $"expected a number like 0.5; got '{text}'";
                return false;

            case SettingType.Enum:
                var names = setting.EnumNames;
                var index = names.ToList().FindIndex(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    value = Enum.GetValues(setting.EnumType!).GetValue(index);
                    return true;
                }

                error = $"expected one of {string.Join(", ", names)}; got '{text}'";
                return false;

            case SettingType.Duration:
                if (Durations.TryParse(text, out var span, out error))
                {
                    value = span;
                    return true;
                }

                return false;

            default:
                error = $"cannot bind a {setting.Type}";
                return false;
        }
    }

    /// <summary>"expected …" for a setting, used when the wrong kind of YAML node is given.</summary>
    public static string Expected(ConfigSetting setting) => setting.Type switch
    {
        SettingType.String => "expected a string",
        SettingType.Boolean => "expected true or false",
        SettingType.Int32 or SettingType.Int64 => "expected a whole number",
        SettingType.Double => "expected a number",
        SettingType.Enum => "expected one of " + string.Join(", ", setting.EnumNames),
        SettingType.Duration => "expected a duration like 30s, 5m, 1h",
        _ => "expected a value",
    };

    /// <summary>The value as nines.yaml would write it (docs, messages).</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        TimeSpan t => Durations.Format(t),
        Enum e => ConfigSchema.ToSnakeCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
