using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nines.Configuration;

/// <summary>
/// Reads nines.yaml into <see cref="YamlNode"/>s with YamlDotNet's low-level <see cref="Parser"/>,
/// keeping every node's position. Anchors and aliases are resolved; a syntax error becomes one
/// <see cref="ConfigError"/> at the parser's mark and ends the read (the rest cannot be trusted).
/// </summary>
internal static partial class YamlConfigReader
{
    /// <summary>
    /// The document's root node, or null when the file is empty (only comments, or nothing). Syntax
    /// errors are added to <paramref name="errors"/> and yield null.
    /// </summary>
    public static YamlNode? Read(string text, string source, List<ConfigError> errors)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, anchors, source, errors);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var next = parser.Current!;
                errors.Add(new ConfigError(source, (int)next.Start.Line, (int)next.Start.Column, "",
                    "nines.yaml holds a single YAML document; remove the second '---' and what follows it, or merge the two"));
                return null;
            }

            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(SyntaxError(ex, text, source));
            return null;
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors, string source, List<ConfigError> errors)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
            var node = YamlNode.Scalar(scalar.Value, isNull, (int)scalar.Start.Line, (int)scalar.Start.Column);
            Remember(scalar, node, anchors);
            return node;
        }

        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var node = YamlNode.Mapping((int)mappingStart.Start.Line, (int)mappingStart.Start.Column);
            Remember(mappingStart, node, anchors);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors, source, errors);
                var value = ReadNode(parser, anchors, source, errors);
                node.Entries.Add(new(key, value));
            }

            return node;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var node = YamlNode.Sequence((int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column);
            Remember(sequenceStart, node, anchors);
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                node.Items.Add(ReadNode(parser, anchors, source, errors));
            }

            return node;
        }

        var alias = parser.Consume<AnchorAlias>();
        if (anchors.TryGetValue(alias.Value.Value, out var target))
        {
            return target;
        }

        errors.Add(new ConfigError(source, (int)alias.Start.Line, (int)alias.Start.Column, "",
            $"the alias '*{alias.Value.Value}' refers to no anchor defined above it ('&{alias.Value.Value}')"));
        return YamlNode.Scalar("", isNull: true, (int)alias.Start.Line, (int)alias.Start.Column);
    }

    private static void Remember(NodeEvent e, YamlNode node, Dictionary<string, YamlNode> anchors)
    {
        if (!e.Anchor.IsEmpty)
        {
            anchors[e.Anchor.Value] = node;
        }
    }

    // YamlDotNet's message starts with "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): ";
    // the position is already in FILE:LINE:COL, so only the words are kept.
    private static ConfigError SyntaxError(YamlException ex, string text, string source)
    {
        var line = (int)ex.Start.Line;
        var column = (int)ex.Start.Column;
        var message = MarkPrefix().Replace(ex.Message, "").Trim();

        // For a tab, YamlDotNet points at the enclosing mapping; point at the tab itself.
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindIndentingTab(text, line) is { } tab)
        {
            (line, column) = tab;
            message = "a tab indents this line; YAML allows only spaces for indentation, so use spaces";
        }

        return new ConfigError(source, line, column, "", "YAML syntax error: " + message);
    }

    // The first tab in the leading whitespace of a line at or after fromLine (1-based), as (line, column).
    private static (int Line, int Column)? FindIndentingTab(string text, int fromLine)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            for (var j = 0; j < lines[i].Length && lines[i][j] is ' ' or '\t'; j++)
            {
                if (lines[i][j] == '\t')
                {
                    return (i + 1, j + 1);
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
