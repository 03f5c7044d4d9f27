namespace Nines.Configuration;

/// <summary>A value given on the command line, applied over the file and the environment.</summary>
/// <param name="Key">The setting's path, like <c>server.listen</c>.</param>
/// <param name="Value">The text as typed.</param>
/// <param name="Source">Where it came from, for errors: <c>flag --listen</c>.</param>
internal sealed record ConfigOverride(string Key, string Value, string Source);
