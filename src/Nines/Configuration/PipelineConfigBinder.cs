using System.Globalization;
using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Configuration;

/// <summary>
/// Binds the list- and map-shaped keys of the <c>pipeline</c> section (deny keys, redaction rules,
/// per-service sampling), reporting every problem with its line and column. Ranges are checked
/// later by <see cref="NinesOptionsValidator"/>, with the components' own rules.
/// </summary>
internal static class PipelineConfigBinder
{
    public static List<string> BindStrings(YamlNode node, string path, string source, List<ConfigError> errors)
    {
        var result = new List<string>();
        if (!Is(YamlNodeKind.Sequence, node, path, "a list of keys, like [ssn, x-internal-auth]", source, errors))
        {
            return result;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (item.Kind != YamlNodeKind.Scalar || item.IsNull || item.Value.Trim().Length == 0)
            {
                errors.Add(Error(source, item, $"{path}[{i}]", $"expected a key name; got {item.Describe()}"));
                continue;
            }

            result.Add(item.Value);
        }

        return result;
    }

    public static List<RedactionRuleOptions> BindRules(YamlNode node, string path, string source, List<ConfigError> errors)
    {
        var result = new List<RedactionRuleOptions>();
        if (!Is(YamlNodeKind.Sequence, node, path, "a list of rules, each with name and pattern", source, errors))
        {
            return result;
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var at = $"{path}[{i}]";
            if (item.Kind != YamlNodeKind.Mapping)
            {
                errors.Add(Error(source, item, at, $"expected a mapping with name, pattern and optional replacement; got {item.Describe()}"));
                continue;
            }

            string? name = null, pattern = null, replacement = null;
            foreach (var (k, v) in item.Entries)
            {
                if (v.Kind != YamlNodeKind.Scalar)
                {
                    errors.Add(Error(source, v, $"{at}.{k.Value}", $"expected text; got {v.Describe()}"));
                    continue;
                }

                switch (k.Value)
                {
                    case "name": name = v.IsNull ? null : v.Value; break;
                    case "pattern": pattern = v.IsNull ? null : v.Value; break;
                    case "replacement": replacement = v.IsNull ? null : v.Value; break;
                    default:
                        errors.Add(Error(source, k, $"{at}.{k.Value}", $"unknown key '{k.Value}' in a redaction rule; valid keys: name, pattern, replacement"));
                        break;
                }
            }

            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(pattern))
            {
                errors.Add(Error(source, item, at, "a redaction rule needs a name and a pattern"));
                continue;
            }

            var rule = new RedactionRuleOptions { Name = name, Pattern = pattern, Replacement = replacement };
            try
            {
                new RedactionOptions { Rules = [rule] }.Validate();
                result.Add(rule);
            }
            catch (ArgumentException e)
            {
                errors.Add(Error(source, item, at, NinesOptionsValidator.Plain(e)));
            }
        }

        return result;
    }

    public static Dictionary<string, double> BindProbabilities(YamlNode node, string path, string source, List<ConfigError> errors)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Is(YamlNodeKind.Mapping, node, path, "a mapping of service name to a share from 0 to 1, like {checkout: 0.25}", source, errors))
        {
            return result;
        }

        foreach (var (k, v) in node.Entries)
        {
            if (Share(v, $"{path}.{k.Value}", source, errors) is { } share)
            {
                result[k.Value] = share;
            }
        }

        return result;
    }

    public static Dictionary<string, LogSamplingRule> BindLogServices(YamlNode node, string path, string source, List<ConfigError> errors)
    {
        var result = new Dictionary<string, LogSamplingRule>(StringComparer.Ordinal);
        if (!Is(YamlNodeKind.Mapping, node, path, "a mapping of service name to {ratio: 0.1, max_per_second: 500}", source, errors))
        {
            return result;
        }

        foreach (var (k, v) in node.Entries)
        {
            var at = $"{path}.{k.Value}";
            if (v.Kind != YamlNodeKind.Mapping)
            {
                errors.Add(Error(source, v, at, $"expected {{ratio: 0.1, max_per_second: 500}}; got {v.Describe()}"));
                continue;
            }

            double ratio = 1;
            var max = 0;
            foreach (var (rk, rv) in v.Entries)
            {
                switch (rk.Value)
                {
                    case "ratio":
                        ratio = Share(rv, $"{at}.ratio", source, errors) ?? 1;
                        break;
                    case "max_per_second" when rv.Kind == YamlNodeKind.Scalar && int.TryParse(rv.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                        max = n;
                        break;
                    case "max_per_second":
                        errors.Add(Error(source, rv, $"{at}.max_per_second", $"expected 0 (no cap) or a positive whole number; got {rv.Describe()}"));
                        break;
                    default:
                        errors.Add(Error(source, rk, $"{at}.{rk.Value}", $"unknown key '{rk.Value}'; valid keys: ratio, max_per_second"));
                        break;
                }
            }

            result[k.Value] = new LogSamplingRule { Ratio = ratio, MaxPerSecond = max };
        }

        return result;
    }

    /// <summary>
    /// Binds <c>pipeline.tenants</c>: per tenant, a mapping with the keys of the sampling sections,
    /// bound by the same rules (and errors, with the full key) as the global sections.
    /// </summary>
    public static Dictionary<string, TenantPipelineSection> BindTenants(YamlNode node, string path, string source, List<ConfigError> errors)
    {
        var result = new Dictionary<string, TenantPipelineSection>(StringComparer.Ordinal);
        if (!Is(YamlNodeKind.Mapping, node, path, "a mapping of tenant id to its sampling keys, like {team-a: {head_sampling: {default_probability: 0.1}}}", source, errors))
        {
            return result;
        }

        foreach (var (k, v) in node.Entries)
        {
            var at = $"{path}.{k.Value}";
            if (k.Value.Length == 0 || k.Value.Contains('.', StringComparison.Ordinal))
            {
                errors.Add(Error(source, k, at, "a tenant id must be non-empty and contain no '.'"));
                continue;
            }

            if (v.Kind != YamlNodeKind.Mapping)
            {
                errors.Add(Error(source, v, at, $"expected a mapping of head_sampling, tail_sampling and/or log_sampling; got {v.Describe()}"));
                continue;
            }

            var tenant = new TenantPipelineSection();
            var binder = new ConfigBinder(ConfigSchema.For(typeof(TenantPipelineSection), at), tenant, errors);
            binder.BindRoot(v, source);
            tenant.Written = binder.SetPaths.Select(p => p[(at.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
            result[k.Value] = tenant;
        }

        return result;
    }

    private static double? Share(YamlNode value, string at, string source, List<ConfigError> errors)
    {
        if (value.Kind == YamlNodeKind.Scalar && double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1)
        {
            return share;
        }

        errors.Add(Error(source, value, at, $"expected a share from 0 to 1, like 0.25; got {value.Describe()}"));
        return null;
    }

    // False for an empty value (nothing to bind) and, with an error, for the wrong kind of node.
    private static bool Is(YamlNodeKind kind, YamlNode node, string path, string expected, string source, List<ConfigError> errors)
    {
        if (node.IsNull)
        {
            return false;
        }

        if (node.Kind != kind)
        {
            errors.Add(Error(source, node, path, $"expected {expected}; got {node.Describe()}"));
            return false;
        }

        return true;
    }

    private static ConfigError Error(string source, YamlNode at, string key, string message) => new(source, at.Line, at.Column, key, message);
}
