namespace Nines.Configuration;

/// <summary>
/// A node of nines.yaml with its position. Built by <see cref="YamlConfigReader"/> from the parser's
/// events rather than with <c>YamlStream</c>, because <c>YamlStream</c> throws at the first
/// duplicate key and we want to report every problem in one pass.
/// </summary>
internal sealed class YamlNode
{
    private YamlNode(YamlNodeKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    /// <summary>Scalar, mapping or sequence.</summary>
    public YamlNodeKind Kind { get; }

    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the node's first character.</summary>
    public int Column { get; }

    /// <summary>A scalar's text ("" for a mapping or sequence).</summary>
    public string Value { get; private init; } = "";

    /// <summary>True for a plain null scalar: empty, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull { get; private init; }

    /// <summary>A mapping's entries in document order (duplicates kept, so they can be reported).</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = [];

    /// <summary>A sequence's items.</summary>
    public List<YamlNode> Items { get; } = [];

    /// <summary>A scalar.</summary>
    public static YamlNode Scalar(string value, bool isNull, int line, int column) =>
        new(YamlNodeKind.Scalar, line, column) { Value = value, IsNull = isNull };

    /// <summary>An empty mapping.</summary>
    public static YamlNode Mapping(int line, int column) => new(YamlNodeKind.Mapping, line, column);

    /// <summary>An empty sequence.</summary>
    public static YamlNode Sequence(int line, int column) => new(YamlNodeKind.Sequence, line, column);

    /// <summary>How the node is named in "got …" messages.</summary>
    public string Describe() => Kind switch
    {
        YamlNodeKind.Mapping => "a mapping",
        YamlNodeKind.Sequence => "a list",
        _ when IsNull => "nothing",
        _ => $"'{Value}'",
    };
}
