namespace Nines.Ingest.Pipeline.Redaction;

/// <summary>A user-defined redaction rule: every match of <see cref="Pattern"/> is replaced.</summary>
public sealed class RedactionRuleOptions
{
    /// <summary>Name used in the counter and, by default, in the replacement (<c>[REDACTED:name]</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>.NET regular expression; run with the non-backtracking engine, so it cannot hang ingest (no lookarounds or backreferences).</summary>
    public string Pattern { get; init; } = "";

    /// <summary>Replacement text (may use <c>$1</c> groups); null means <c>[REDACTED:name]</c>.</summary>
    public string? Replacement { get; init; }
}
