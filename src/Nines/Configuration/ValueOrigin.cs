namespace Nines.Configuration;

/// <summary>Where a setting's value came from, so that a later validation error can point there.</summary>
internal sealed record ValueOrigin(string Source, int? Line, int? Column)
{
    /// <summary>A value nobody set: the built-in default.</summary>
    public static ValueOrigin Default { get; } = new("defaults", null, null);

    /// <summary>An error about <paramref name="key"/> located at this origin.</summary>
    public ConfigError Error(string key, string message) => new(Source, Line, Column, key, message);
}
