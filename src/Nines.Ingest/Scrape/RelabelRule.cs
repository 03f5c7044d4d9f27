using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>
/// One compiled <see cref="RelabelConfig"/>, applied as Prometheus 2.42's model/relabel/relabel.go
/// applies it. Labels are a plain list in which an empty value means "absent", as with Prometheus'
/// labels.Builder.
/// </summary>
internal sealed class RelabelRule
{
    // Prometheus' relabelTarget: a target_label may contain $1 / ${name} references (replace only).
    private static readonly System.Text.RegularExpressions.Regex TargetPattern =
        new(@"^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    private readonly RelabelConfig _config;
    private readonly RelabelRegex _regex;
    private readonly string[] _sources;

    private RelabelRule(RelabelConfig config, RelabelRegex regex)
    {
        _config = config;
        _regex = regex;
        _sources = [.. config.SourceLabels];
    }

    /// <summary>The action.</summary>
    public RelabelAction Action => _config.Action;

    /// <summary>Checks <paramref name="config"/> as Prometheus does when loading it; each problem is (key, message).</summary>
    public static List<(string Key, string Message)> Validate(RelabelConfig config)
    {
        var errors = new List<(string, string)>();
        var action = ConfigName(config.Action);
        if (!RelabelRegex.TryCreate(config.Regex, out _, out var regexError))
        {
            errors.Add(("regex", regexError));
        }

        foreach (var source in config.SourceLabels)
        {
            if (!LabelSetBuilder.IsValidLabelName(source))
            {
                errors.Add(("source_labels", $"'{source}' is not a valid label name"));
            }
        }

        var needsTarget = config.Action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase
            or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        if (needsTarget && config.TargetLabel.Length == 0)
        {
            errors.Add(("target_label", $"the {action} action needs a target_label"));
        }
        else if (config.Action == RelabelAction.Replace && !TargetPattern.IsMatch(config.TargetLabel))
        {
            errors.Add(("target_label", $"'{config.TargetLabel}' is not a valid target_label for the replace action (a label name, which may contain $1 or ${{name}})"));
        }
        else if (needsTarget && config.Action != RelabelAction.Replace && !LabelSetBuilder.IsValidLabelName(config.TargetLabel))
        {
            errors.Add(("target_label", $"'{config.TargetLabel}' is not a valid label name for the {action} action"));
        }

        if (config.Action == RelabelAction.HashMod && config.Modulus == 0)
        {
            errors.Add(("modulus", "the hashmod action needs a modulus greater than 0"));
        }

        if (config.Action is RelabelAction.KeepEqual or RelabelAction.DropEqual
            && (config.Regex != "(.*)" || config.Modulus != 0 || config.Separator != ";" || config.Replacement != "$1"))
        {
            errors.Add(("action", $"the {action} action takes only source_labels and target_label (no regex, modulus, separator or replacement)"));
        }

        if (config.Action is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (config.SourceLabels.Count > 0 || config.TargetLabel.Length > 0 || config.Modulus != 0 || config.Separator != ";" || config.Replacement != "$1"))
        {
            errors.Add(("action", $"the {action} action takes only a regex (no source_labels, target_label, modulus, separator or replacement)"));
        }

        return errors;
    }

    /// <summary>Compiles a config that <see cref="Validate"/> accepted.</summary>
    /// <exception cref="ArgumentException">The config is invalid.</exception>
    public static RelabelRule Create(RelabelConfig config)
    {
        var errors = Validate(config);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Message}")), nameof(config));
        }

        RelabelRegex.TryCreate(config.Regex, out var regex, out _);
        return new RelabelRule(config, regex!);
    }

    /// <summary>Compiles a list of configs.</summary>
    public static RelabelRule[] CreateAll(IEnumerable<RelabelConfig> configs) => [.. configs.Select(Create)];

    /// <summary>The YAML name of an action: <c>keepequal</c>, <c>hashmod</c>, ….</summary>
    public static string ConfigName(RelabelAction action) => action.ToString().ToLowerInvariant();

    /// <summary>Applies <paramref name="rules"/> in order; false when a rule drops the label set (or it ends up empty).</summary>
    public static bool Process(IReadOnlyList<RelabelRule> rules, List<Label> labels)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (!rules[i].Apply(labels))
            {
                return false;
            }
        }

        return labels.Exists(static l => l.Value.Length > 0);
    }

    /// <summary>Applies this rule; false when it drops the label set.</summary>
    public bool Apply(List<Label> labels)
    {
        var value = JoinSources(labels);
        switch (_config.Action)
        {
            case RelabelAction.Drop:
                return !_regex.IsMatch(value);
            case RelabelAction.Keep:
                return _regex.IsMatch(value);
            case RelabelAction.DropEqual:
                return !string.Equals(Get(labels, _config.TargetLabel), value, StringComparison.Ordinal);
            case RelabelAction.KeepEqual:
                return string.Equals(Get(labels, _config.TargetLabel), value, StringComparison.Ordinal);
            case RelabelAction.Replace:
                var match = _regex.MatchWhole(value);
                if (match is null)
                {
                    break;
                }

                var target = _regex.Expand(_config.TargetLabel, match);
                if (!LabelSetBuilder.IsValidLabelName(target))
                {
                    break;
                }

                Set(labels, target, _regex.Expand(_config.Replacement, match));
                break;
            case RelabelAction.Lowercase:
                Set(labels, _config.TargetLabel, value.ToLowerInvariant());
                break;
            case RelabelAction.Uppercase:
                Set(labels, _config.TargetLabel, value.ToUpperInvariant());
                break;
            case RelabelAction.HashMod:
                // Prometheus uses the last 8 bytes of the MD5, big-endian, "to give the same result as earlier versions".
                Span<byte> hash = stackalloc byte[16];
                MD5.HashData(Encoding.UTF8.GetBytes(value), hash);
                var mod = BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) % _config.Modulus;
                Set(labels, _config.TargetLabel, mod.ToString(CultureInfo.InvariantCulture));
                break;
            case RelabelAction.LabelMap:
                // Iterate over the labels as they were before this rule, as Prometheus ranges over lset.
                var snapshot = labels.ToArray();
                foreach (var l in snapshot)
                {
                    if (l.Value.Length > 0 && _regex.MatchWhole(l.Name) is { } m)
                    {
                        Set(labels, _regex.Expand(_config.Replacement, m), l.Value);
                    }
                }

                break;
            case RelabelAction.LabelDrop:
                labels.RemoveAll(l => _regex.IsMatch(l.Name));
                break;
            case RelabelAction.LabelKeep:
                labels.RemoveAll(l => !_regex.IsMatch(l.Name));
                break;
        }

        return true;
    }

    /// <summary>The value of <paramref name="name"/>, empty when absent.</summary>
    public static string Get(List<Label> labels, string name)
    {
        foreach (var l in labels)
        {
            if (string.Equals(l.Name, name, StringComparison.Ordinal))
            {
                return l.Value;
            }
        }

        return "";
    }

    /// <summary>Sets (or with an empty value, removes) <paramref name="name"/>.</summary>
    public static void Set(List<Label> labels, string name, string value)
    {
        var index = labels.FindIndex(l => string.Equals(l.Name, name, StringComparison.Ordinal));
        if (value.Length == 0)
        {
            if (index >= 0)
            {
                labels.RemoveAt(index);
            }

            return;
        }

        if (index >= 0)
        {
            labels[index] = new Label(name, value);
        }
        else
        {
            labels.Add(new Label(name, value));
        }
    }

    private string JoinSources(List<Label> labels)
    {
        return _sources.Length switch
        {
            0 => "",
            1 => Get(labels, _sources[0]),
            _ => string.Join(_config.Separator, _sources.Select(s => Get(labels, s))),
        };
    }
}
