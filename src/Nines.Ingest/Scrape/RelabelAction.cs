namespace Nines.Ingest.Scrape;

/// <summary>The relabeling actions of Prometheus (model/relabel/relabel.go), written in lower case in YAML.</summary>
public enum RelabelAction
{
    /// <summary>Set <c>target_label</c> to the expanded <c>replacement</c> when <c>regex</c> matches the joined source values.</summary>
    Replace,

    /// <summary>Drop the series (or target) unless <c>regex</c> matches.</summary>
    Keep,

    /// <summary>Drop the series (or target) when <c>regex</c> matches.</summary>
    Drop,

    /// <summary>Drop unless the joined source values equal the value of <c>target_label</c>.</summary>
    KeepEqual,

    /// <summary>Drop when the joined source values equal the value of <c>target_label</c>.</summary>
    DropEqual,

    /// <summary>Set <c>target_label</c> to the MD5 of the joined source values modulo <c>modulus</c>.</summary>
    HashMod,

    /// <summary>Copy every label whose name matches <c>regex</c> to the name given by <c>replacement</c>.</summary>
    LabelMap,

    /// <summary>Remove every label whose name matches <c>regex</c>.</summary>
    LabelDrop,

    /// <summary>Remove every label whose name does not match <c>regex</c>.</summary>
    LabelKeep,

    /// <summary>Set <c>target_label</c> to the joined source values in lower case.</summary>
    Lowercase,

    /// <summary>Set <c>target_label</c> to the joined source values in upper case.</summary>
    Uppercase,
}
