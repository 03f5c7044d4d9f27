namespace Nines.Configuration;

/// <summary>The kinds of value a setting can hold; each has one text form in YAML, env and flags.</summary>
internal enum SettingType
{
    /// <summary>Any text.</summary>
    String,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A whole number that fits in 32 bits.</summary>
    Int32,

    /// <summary>A whole number that fits in 64 bits.</summary>
    Int64,

    /// <summary>A decimal number.</summary>
    Double,

    /// <summary>One of an enum's names, in snake_case.</summary>
    Enum,

    /// <summary>A <see cref="TimeSpan"/> written as a Prometheus duration (see <see cref="Durations"/>).</summary>
    Duration,
}
