namespace Nines.Configuration;

/// <summary>The three kinds of YAML node.</summary>
internal enum YamlNodeKind
{
    /// <summary>A single value.</summary>
    Scalar,

    /// <summary>Key-value pairs.</summary>
    Mapping,

    /// <summary>A list.</summary>
    Sequence,
}
