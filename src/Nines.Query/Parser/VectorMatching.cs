namespace Nines.Query.Parser;

/// <summary>on/ignoring and group_left/group_right of a binary operation.</summary>
internal sealed class VectorMatching
{
    public VectorMatchCardinality Card { get; set; }

    public List<string> MatchingLabels { get; set; } = [];

    public bool On { get; set; }

    public List<string> Include { get; set; } = [];
}
