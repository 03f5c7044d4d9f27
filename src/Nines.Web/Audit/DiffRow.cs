namespace Nines.Web.Audit;

/// <summary>One top-level field of an audited entity, before and after (compact JSON; null when absent).</summary>
internal sealed record DiffRow(string Key, string? Before, string? After, DiffKind Kind);
