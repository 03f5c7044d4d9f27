namespace Nines.Query.Parser;

/// <summary>What an <c>@</c> modifier pins evaluation to.</summary>
internal enum AtModifier
{
    None,
    Timestamp,
    Start,
    End,
}
