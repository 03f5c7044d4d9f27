using System.Globalization;
using System.Runtime.CompilerServices;
using Nines.Core.Tenancy;
using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Configuration;

/// <summary>
/// Binds <c>scrape_configs</c>, written as in prometheus.yml, with the same file:line:column errors
/// as the rest of nines.yaml: unknown keys with a suggestion, Prometheus keys Nines does not
/// support named as such, bad regexes and relabel rules, duplicate job names. Checks that depend on
/// the <c>global</c> section (timeout longer than interval) run in <see cref="Validate"/>, after
/// every source is bound.
/// </summary>
internal static class ScrapeConfigBinder
{
    private static readonly string[] JobKeys =
    [
        "job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme", "params", "honor_labels", "honor_timestamps",
        "sample_limit", "body_size_limit", "basic_auth", "authorization", "bearer_token", "bearer_token_file", "tls_config",
        "follow_redirects", "enable_http2",
        "static_configs", "file_sd_configs", "relabel_configs", "metric_relabel_configs", "tenant",
    ];

    // Keys prometheus.yml may hold that Nines does not implement yet: named as such, not as typos.
    private static readonly string[] UnsupportedJobKeys =
    [
        "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit", "oauth2", "proxy_url", "no_proxy",
        "proxy_from_environment", "proxy_connect_header", "scrape_classic_histograms",
        "native_histogram_bucket_limit", "enable_compression", "http_headers", "track_timestamps_staleness",
        "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs",
        "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs",
        "ionos_sd_configs", "kubernetes_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs",
        "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs",
        "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs", "triton_sd_configs", "uyuni_sd_configs",
    ];

    private static readonly string[] RelabelKeys = ["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"];

    private static readonly ConditionalWeakTable<ScrapeConfig, Dictionary<string, ValueOrigin>> Origins = [];

    /// <summary>Binds the value of <c>scrape_configs</c>; problems go to <paramref name="errors"/>.</summary>
    public static List<ScrapeConfig> Bind(YamlNode node, string source, List<ConfigError> errors)
    {
        var jobs = new List<ScrapeConfig>();
        var ctx = new Context(source, errors);
        if (node.IsNull)
        {
            return jobs;
        }

        if (node.Kind != YamlNodeKind.Sequence)
        {
            ctx.Error(node, "scrape_configs", $"expected a list of scrape jobs, each starting with '- job_name: …'; got {node.Describe()}");
            return jobs;
        }

        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var path = $"scrape_configs[{i}]";
            if (item.Kind != YamlNodeKind.Mapping)
            {
                ctx.Error(item, path, $"expected a scrape job (a mapping with job_name, static_configs, …); got {item.Describe()}");
                continue;
            }

            var job = BindJob(ctx, item, path, out var origins, out var nameNode);
            jobs.Add(job);
            Origins.AddOrUpdate(job, origins);
            if (job.JobName.Length == 0)
            {
                ctx.Error(item, path + ".job_name", "every scrape job needs a job_name");
            }
            else if (names.TryGetValue(job.JobName, out var first))
            {
                ctx.Error(nameNode ?? item, path + ".job_name",
                    $"duplicate job_name '{job.JobName}' (first used on line {first.Line}); job names must be unique");
            }
            else
            {
                names[job.JobName] = nameNode ?? item;
            }
        }

        return jobs;
    }

    /// <summary>Binds a mapping of label names to values (<c>global.external_labels</c>).</summary>
    public static Dictionary<string, string> BindLabelMap(YamlNode node, string path, string source, List<ConfigError> errors)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        BindLabels(new Context(source, errors), node, path, labels);
        return labels;
    }

    /// <summary>Checks that need the bound <c>global</c> section: each job's timeout against its interval.</summary>
    public static IEnumerable<ConfigError> Validate(NinesOptions options, Func<string, ValueOrigin> originOf)
    {
        var global = options.Global;
        if (global.ScrapeTimeout is { } globalTimeout && globalTimeout > global.ScrapeInterval)
        {
            yield return originOf("global.scrape_timeout").Error("global.scrape_timeout",
                $"the global scrape timeout ({Durations.Format(globalTimeout)}) is longer than the global scrape interval ({Durations.Format(global.ScrapeInterval)})");
        }

        for (var i = 0; i < options.ScrapeConfigs.Count; i++)
        {
            var job = options.ScrapeConfigs[i];
            var interval = job.EffectiveInterval(global.ScrapeInterval);
            var timeout = job.EffectiveTimeout(global.ScrapeInterval, global.EffectiveScrapeTimeout);
            if (timeout > interval)
            {
                var origins = Origins.TryGetValue(job, out var o) ? o : [];
                var origin = origins.GetValueOrDefault("scrape_timeout") ?? origins.GetValueOrDefault("") ?? ValueOrigin.Default;
                yield return origin.Error($"scrape_configs[{i}].scrape_timeout",
                    $"the scrape timeout ({Durations.Format(timeout)}) of job '{job.JobName}' is longer than its scrape interval ({Durations.Format(interval)})");
            }
        }
    }

    private static ScrapeConfig BindJob(Context ctx, YamlNode mapping, string path, out Dictionary<string, ValueOrigin> origins, out YamlNode? nameNode)
    {
        var job = new ScrapeConfig();
        var where = new Dictionary<string, ValueOrigin>(StringComparer.Ordinal) { [""] = ctx.Origin(mapping) };
        YamlNode? jobName = null;
        string? bearerToken = null;
        string? bearerTokenFile = null;
        YamlNode? bearerNode = null;
        YamlNode? authNode = null;
        YamlNode? basicNode = null;
        ForEachKey(ctx, mapping, path, JobKeys, UnsupportedJobKeys, (key, keyNode, value) =>
        {
            var at = path + "." + key;
            where[key] = ctx.Origin(keyNode);
            switch (key)
            {
                case "job_name":
                    jobName = value;
                    job.JobName = ctx.String(value, at) ?? "";
                    break;
                case "scrape_interval":
                    job.ScrapeInterval = ctx.Duration(value, at);
                    break;
                case "scrape_timeout":
                    job.ScrapeTimeout = ctx.Duration(value, at);
                    break;
                case "metrics_path":
                    job.MetricsPath = ctx.String(value, at) ?? job.MetricsPath;
                    if (!job.MetricsPath.StartsWith('/'))
                    {
                        ctx.Error(value, at, $"must be a path starting with '/', like /metrics; got '{job.MetricsPath}'");
                    }

                    break;
                case "scheme":
                    job.Scheme = ctx.String(value, at) ?? job.Scheme;
                    if (job.Scheme is not ("http" or "https"))
                    {
                        ctx.Error(value, at, $"must be http or https; got '{job.Scheme}'");
                    }

                    break;
                case "params":
                    BindParams(ctx, value, at, job.Params);
                    break;
                case "honor_labels":
                    job.HonorLabels = ctx.Bool(value, at) ?? job.HonorLabels;
                    break;
                case "follow_redirects":
                    job.FollowRedirects = ctx.Bool(value, at) ?? job.FollowRedirects;
                    break;
                case "enable_http2":
                    job.EnableHttp2 = ctx.Bool(value, at) ?? job.EnableHttp2;
                    break;
                case "honor_timestamps":
                    job.HonorTimestamps = ctx.Bool(value, at) ?? job.HonorTimestamps;
                    break;
                case "sample_limit":
                    job.SampleLimit = (int)(ctx.Integer(value, at, 0, int.MaxValue) ?? 0);
                    break;
                case "body_size_limit":
                    job.BodySizeLimit = ctx.Bytes(value, at) ?? 0;
                    break;
                case "basic_auth":
                    basicNode = value;
                    job.BasicAuth = BindBasicAuth(ctx, value, at);
                    break;
                case "authorization":
                    authNode = value;
                    job.Authorization = BindAuthorization(ctx, value, at);
                    break;
                case "bearer_token":
                    bearerNode = value;
                    bearerToken = ctx.String(value, at);
                    break;
                case "bearer_token_file":
                    bearerNode = value;
                    bearerTokenFile = ctx.String(value, at);
                    break;
                case "tls_config":
                    ForEachKey(ctx, value, at, ["insecure_skip_verify", "ca_file", "cert_file", "key_file", "server_name"], ["ca", "cert", "key", "min_version", "max_version"], (k, _, v) =>
                    {
                        var tls = job.TlsConfig;
                        var p = at + "." + k;
                        switch (k)
                        {
                            case "insecure_skip_verify": tls.InsecureSkipVerify = ctx.Bool(v, p) ?? false; break;
                            case "ca_file": tls.CaFile = ctx.String(v, p); break;
                            case "cert_file": tls.CertFile = ctx.String(v, p); break;
                            case "key_file": tls.KeyFile = ctx.String(v, p); break;
                            default: tls.ServerName = ctx.String(v, p); break;
                        }
                    });
                    if ((job.TlsConfig.CertFile is null) != (job.TlsConfig.KeyFile is null))
                    {
                        ctx.Error(value, at, "cert_file and key_file go together: set both or neither");
                    }

                    break;
                case "static_configs":
                    foreach (var (item, itemPath) in ctx.Items(value, at, "a target group (targets: […], labels: {…})"))
                    {
                        job.StaticConfigs.Add(BindStatic(ctx, item, itemPath));
                    }

                    break;
                case "file_sd_configs":
                    foreach (var (item, itemPath) in ctx.Items(value, at, "a file_sd config (files: […], refresh_interval: …)"))
                    {
                        job.FileSdConfigs.Add(BindFileSd(ctx, item, itemPath));
                    }

                    break;
                case "relabel_configs":
                case "metric_relabel_configs":
                    var into = key == "relabel_configs" ? job.RelabelConfigs : job.MetricRelabelConfigs;
                    foreach (var (item, itemPath) in ctx.Items(value, at, "a relabel rule (source_labels, regex, action, …)"))
                    {
                        into.Add(BindRelabel(ctx, item, itemPath));
                    }

                    break;
                case "tenant":
                    job.Tenant = ctx.String(value, at) ?? job.Tenant;
                    if (!TenantId.IsValid(job.Tenant))
                    {
                        ctx.Error(value, at, $"'{job.Tenant}' is not a tenant id ({TenantId.Rule})");
                    }

                    break;
            }
        });

        if (bearerNode is not null)
        {
            if (bearerToken is not null && bearerTokenFile is not null)
            {
                ctx.Error(bearerNode, path + ".bearer_token", "set at most one of bearer_token and bearer_token_file");
            }

            if (authNode is not null || basicNode is not null)
            {
                ctx.Error(bearerNode, path + ".bearer_token", "set at most one of basic_auth, authorization and bearer_token / bearer_token_file");
            }

            job.Authorization = new AuthorizationConfig { Credentials = bearerToken, CredentialsFile = bearerTokenFile };
        }
        else if (authNode is not null && basicNode is not null)
        {
            ctx.Error(authNode, path + ".authorization", "set at most one of basic_auth and authorization");
        }

        origins = where;
        nameNode = jobName;
        return job;
    }

    private static void BindParams(Context ctx, YamlNode value, string at, IDictionary<string, IList<string>> into)
    {
        if (value.IsNull)
        {
            return;
        }

        if (value.Kind != YamlNodeKind.Mapping)
        {
            ctx.Error(value, at, $"expected a mapping of parameter names to lists of values, like 'module: [http_2xx]'; got {value.Describe()}");
            return;
        }

        foreach (var (k, v) in value.Entries)
        {
            into[k.Value] = ctx.StringList(v, at + "." + k.Value);
        }
    }

    private static BasicAuthConfig BindBasicAuth(Context ctx, YamlNode value, string at)
    {
        var auth = new BasicAuthConfig();
        ForEachKey(ctx, value, at, ["username", "password", "password_file"], ["username_file"], (k, _, v) =>
        {
            var s = ctx.String(v, at + "." + k);
            switch (k)
            {
                case "username": auth.Username = s ?? ""; break;
                case "password": auth.Password = s; break;
                default: auth.PasswordFile = s; break;
            }
        });
        if (auth.Password is not null && auth.PasswordFile is not null)
        {
            ctx.Error(value, at, "set at most one of password and password_file");
        }

        return auth;
    }

    private static AuthorizationConfig BindAuthorization(Context ctx, YamlNode value, string at)
    {
        var auth = new AuthorizationConfig();
        ForEachKey(ctx, value, at, ["type", "credentials", "credentials_file"], [], (k, _, v) =>
        {
            var s = ctx.String(v, at + "." + k);
            switch (k)
            {
                case "type":
                    auth.Type = s ?? "Bearer";
                    if (string.Equals(auth.Type, "basic", StringComparison.OrdinalIgnoreCase))
                    {
                        ctx.Error(v, at + ".type", "the type cannot be Basic; use basic_auth instead");
                    }

                    break;
                case "credentials": auth.Credentials = s; break;
                default: auth.CredentialsFile = s; break;
            }
        });
        if (auth.Credentials is not null && auth.CredentialsFile is not null)
        {
            ctx.Error(value, at, "set at most one of credentials and credentials_file");
        }

        return auth;
    }

    private static StaticConfig BindStatic(Context ctx, YamlNode value, string at)
    {
        var group = new StaticConfig();
        ForEachKey(ctx, value, at, ["targets", "labels"], [], (k, _, v) =>
        {
            if (k == "targets")
            {
                foreach (var target in ctx.StringList(v, at + ".targets"))
                {
                    if (target.Length == 0 || target.Contains('/', StringComparison.Ordinal))
                    {
                        ctx.Error(v, at + ".targets", $"'{target}' is not a target address; write host:port (scheme and path go in scheme and metrics_path)");
                    }

                    group.Targets.Add(target);
                }
            }
            else
            {
                BindLabels(ctx, v, at + ".labels", group.Labels);
            }
        });
        return group;
    }

    private static void BindLabels(Context ctx, YamlNode value, string at, IDictionary<string, string> into)
    {
        if (value.IsNull)
        {
            return;
        }

        if (value.Kind != YamlNodeKind.Mapping)
        {
            ctx.Error(value, at, $"expected a mapping of label names to values; got {value.Describe()}");
            return;
        }

        foreach (var (k, v) in value.Entries)
        {
            if (!LabelSetBuilder.IsValidLabelName(k.Value))
            {
                ctx.Error(k, at, $"'{k.Value}' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
                continue;
            }

            into[k.Value] = ctx.String(v, at + "." + k.Value) ?? "";
        }
    }

    private static FileSdConfig BindFileSd(Context ctx, YamlNode value, string at)
    {
        var sd = new FileSdConfig();
        ForEachKey(ctx, value, at, ["files", "refresh_interval"], [], (k, _, v) =>
        {
            if (k == "files")
            {
                foreach (var file in ctx.StringList(v, at + ".files"))
                {
                    var name = Path.GetFileName(file);
                    if (!(name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal)))
                    {
                        ctx.Error(v, at + ".files", $"'{file}' must end in .json, .yml or .yaml");
                    }

                    if (Path.GetDirectoryName(file) is { } dir && dir.AsSpan().IndexOfAny('*', '?', '[') >= 0)
                    {
                        ctx.Error(v, at + ".files", $"'{file}': only the file name may contain a glob, not the directory");
                    }

                    sd.Files.Add(file);
                }
            }
            else
            {
                sd.RefreshInterval = ctx.Duration(v, at + "." + k) ?? sd.RefreshInterval;
            }
        });
        return sd;
    }

    private static RelabelConfig BindRelabel(Context ctx, YamlNode value, string at)
    {
        var rule = new RelabelConfig();
        var keyNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var badAction = false;
        ForEachKey(ctx, value, at, RelabelKeys, [], (k, keyNode, v) =>
        {
            keyNodes[k] = keyNode;
            var p = at + "." + k;
            switch (k)
            {
                case "source_labels":
                    foreach (var s in ctx.StringList(v, p))
                    {
                        rule.SourceLabels.Add(s);
                    }

                    break;
                case "separator": rule.Separator = ctx.String(v, p) ?? ""; break;
                case "regex": rule.Regex = ctx.String(v, p) ?? ""; break;
                case "modulus": rule.Modulus = (ulong)(ctx.Integer(v, p, 0, long.MaxValue) ?? 0); break;
                case "target_label": rule.TargetLabel = ctx.String(v, p) ?? ""; break;
                case "replacement": rule.Replacement = ctx.String(v, p) ?? ""; break;
                case "action":
                    var name = ctx.String(v, p) ?? "";
                    var actions = Enum.GetValues<RelabelAction>();
                    var found = Array.FindIndex(actions, a => string.Equals(a.ToString().ToLowerInvariant(), name, StringComparison.OrdinalIgnoreCase));
                    if (found < 0)
                    {
                        var all = actions.Select(a => a.ToString().ToLowerInvariant()).ToList();
                        var hint = Suggestions.Closest(name, all) is { } s ? $"did you mean '{s}'? " : "";
                        ctx.Error(v, p, $"unknown relabel action '{name}'; {hint}valid actions: {string.Join(", ", all)}");
                        badAction = true;
                    }
                    else
                    {
                        rule.Action = actions[found];
                    }

                    break;
            }
        });

        // With an unknown action, the rule's other checks would only add noise.
        foreach (var (key, message) in badAction ? [] : rule.Validate())
        {
            var node = keyNodes.GetValueOrDefault(key) ?? keyNodes.GetValueOrDefault("action") ?? value;
            ctx.Error(node, at + "." + key, message);
        }

        return rule;
    }

    private static void ForEachKey(Context ctx, YamlNode mapping, string path, string[] known, string[] unsupported, Action<string, YamlNode, YamlNode> bind)
    {
        if (mapping.IsNull)
        {
            return;
        }

        if (mapping.Kind != YamlNodeKind.Mapping)
        {
            ctx.Error(mapping, path, $"expected a mapping with keys {string.Join(", ", known)}; got {mapping.Describe()}");
            return;
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Entries)
        {
            var key = keyNode.Value;
            if (keyNode.Kind != YamlNodeKind.Scalar)
            {
                ctx.Error(keyNode, path, $"a key must be a plain name; got {keyNode.Describe()}");
                continue;
            }

            if (seen.TryGetValue(key, out var first))
            {
                ctx.Error(keyNode, path + "." + key, $"duplicate key '{key}' (first set on line {first.Line}, column {first.Column}); keep one");
                continue;
            }

            seen[key] = keyNode;
            if (Array.IndexOf(known, key) >= 0)
            {
                bind(key, keyNode, valueNode);
            }
            else if (Array.IndexOf(unsupported, key) >= 0)
            {
                ctx.Error(keyNode, path + "." + key, $"'{key}' is a Prometheus setting that Nines does not support yet; remove it (see docs/scraping.md)");
            }
            else
            {
                var hint = Suggestions.Closest(key, known) is { } s ? $"did you mean '{s}'? " : "";
                ctx.Error(keyNode, path + "." + key, $"unknown key '{key}' in {path}; {hint}valid keys: {string.Join(", ", known)}");
            }
        }
    }

    private sealed class Context(string source, List<ConfigError> errors)
    {
        public void Error(YamlNode at, string key, string message) => errors.Add(new ConfigError(source, at.Line, at.Column, key, message));

        public ValueOrigin Origin(YamlNode node) => new(source, node.Line, node.Column);

        public string? String(YamlNode value, string at)
        {
            if (value.Kind != YamlNodeKind.Scalar)
            {
                Error(value, at, $"expected a string; got {value.Describe()}");
                return null;
            }

            return value.IsNull ? null : value.Value;
        }

        public bool? Bool(YamlNode value, string at)
        {
            if (value.Kind == YamlNodeKind.Scalar && bool.TryParse(value.Value, out var b))
            {
                return b;
            }

            Error(value, at, $"expected true or false; got {value.Describe()}");
            return null;
        }

        public long? Integer(YamlNode value, string at, long min, long max)
        {
            if (value.Kind == YamlNodeKind.Scalar && long.TryParse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            Error(value, at, $"expected a whole number from {min} to {max}; got {value.Describe()}");
            return null;
        }

        public TimeSpan? Duration(YamlNode value, string at)
        {
            if (value.Kind == YamlNodeKind.Scalar && !value.IsNull && Durations.TryParse(value.Value, out var span, out var error))
            {
                if (span <= TimeSpan.Zero)
                {
                    Error(value, at, $"must be a positive duration, like 15s or 1m; got {value.Value}");
                    return null;
                }

                return span;
            }

            Error(value, at, value.Kind == YamlNodeKind.Scalar && !value.IsNull
                ? $"{(Durations.TryParse(value.Value, out _, out var e) ? "" : e)}"
                : $"expected a duration like 15s or 1m; got {value.Describe()}");
            return null;
        }

        // 1024, 512KB, 10MB, 1GiB: powers of 1024 as Prometheus' units.Base2Bytes.
        public long? Bytes(YamlNode value, string at)
        {
            var text = value.Kind == YamlNodeKind.Scalar ? value.Value.Trim() : "";
            var digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            var unit = text[digits..].ToUpperInvariant().Replace("IB", "B", StringComparison.Ordinal);
            long scale = unit switch
            {
                "" or "B" => 1,
                "KB" => 1L << 10,
                "MB" => 1L << 20,
                "GB" => 1L << 30,
                "TB" => 1L << 40,
                _ => 0,
            };
            if (digits == 0 || scale == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / scale)
            {
                Error(value, at, $"expected a size like 10MB, 512KB or 1048576; got {value.Describe()}");
                return null;
            }

            return n * scale;
        }

        public List<string> StringList(YamlNode value, string at)
        {
            var list = new List<string>();
            if (value.IsNull)
            {
                return list;
            }

            if (value.Kind != YamlNodeKind.Sequence)
            {
                Error(value, at, $"expected a list, like [a, b]; got {value.Describe()}");
                return list;
            }

            foreach (var item in value.Items)
            {
                if (String(item, at) is { } s)
                {
                    list.Add(s);
                }
            }

            return list;
        }

        public IEnumerable<(YamlNode Item, string Path)> Items(YamlNode value, string at, string what)
        {
            if (value.IsNull)
            {
                yield break;
            }

            if (value.Kind != YamlNodeKind.Sequence)
            {
                Error(value, at, $"expected a list, each item {what}; got {value.Describe()}");
                yield break;
            }

            for (var i = 0; i < value.Items.Count; i++)
            {
                yield return (value.Items[i], $"{at}[{i}]");
            }
        }
    }
}
