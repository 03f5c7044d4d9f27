using System.Globalization;
using System.Text;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>
/// A target after relabeling: the labels its series get (job, instance and the other labels not
/// starting with <c>__</c>) and the URL to scrape, built as Prometheus 2.42's scrape/target.go
/// populateLabels and Target.URL do.
/// </summary>
internal sealed class ScrapeTarget
{
    private ScrapeTarget(LabelSet labels, Uri url)
    {
        Labels = labels;
        Url = url;
        Key = labels + " " + url;

        // FNV-1a over the labels and URL: stable for a target across restarts, different between
        // targets, so that targets are spread over the interval instead of scraped in lock-step.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(Key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        Hash = hash;
    }

    /// <summary>Labels added to every scraped series (no <c>__</c> names).</summary>
    public LabelSet Labels { get; }

    /// <summary>What is scraped.</summary>
    public Uri Url { get; }

    /// <summary>Identity across discovery updates.</summary>
    public string Key { get; }

    /// <summary>Stable hash of <see cref="Key"/>.</summary>
    public ulong Hash { get; }

    /// <summary>Where in each interval this target is scraped: its scrapes happen at times t with t mod interval = offset.</summary>
    public TimeSpan Offset(TimeSpan interval) => TimeSpan.FromTicks((long)(Hash % (ulong)interval.Ticks));

    /// <summary>Builds the target for <paramref name="address"/> in <paramref name="group"/>; null when relabeling drops it.</summary>
    /// <exception cref="FormatException">The labels after relabeling are unusable (no address, invalid names).</exception>
    public static ScrapeTarget? Create(ScrapeConfig config, TimeSpan interval, TimeSpan timeout, IReadOnlyList<RelabelRule> rules, string address, IReadOnlyList<Label> groupLabels)
    {
        var labels = new List<Label>(groupLabels.Count + 8) { new("__address__", address) };
        foreach (var l in groupLabels)
        {
            SetIfAbsent(labels, l.Name, l.Value);
        }

        SetIfAbsent(labels, "job", config.JobName);
        SetIfAbsent(labels, "__scheme__", config.Scheme);
        SetIfAbsent(labels, "__metrics_path__", config.MetricsPath);
        SetIfAbsent(labels, "__scrape_interval__", Format(interval));
        SetIfAbsent(labels, "__scrape_timeout__", Format(timeout));
        foreach (var (name, values) in config.Params)
        {
            if (values.Count > 0)
            {
                SetIfAbsent(labels, "__param_" + name, values[0]);
            }
        }

        if (!RelabelRule.Process(rules, labels))
        {
            return null;
        }

        var addr = RelabelRule.Get(labels, "__address__");
        if (addr.Length == 0)
        {
            throw new FormatException("no __address__ label after relabeling");
        }

        var scheme = RelabelRule.Get(labels, "__scheme__");
        if (scheme is not ("http" or "https"))
        {
            throw new FormatException($"__scheme__ is '{scheme}'; it must be http or https");
        }

        // Prometheus 2.x adds the scheme's default port to an address without one.
        if (!HasPort(addr))
        {
            addr += scheme == "https" ? ":443" : ":80";
            RelabelRule.Set(labels, "__address__", addr);
        }

        SetIfAbsent(labels, "instance", addr);
        var query = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in config.Params)
        {
            query[name] = [.. values];
        }

        var builder = new LabelSetBuilder();
        foreach (var l in labels)
        {
            if (l.Name.StartsWith("__param_", StringComparison.Ordinal))
            {
                query[l.Name["__param_".Length..]] = [l.Value];
            }

            if (!l.Name.StartsWith("__", StringComparison.Ordinal))
            {
                if (!LabelSetBuilder.IsValidLabelName(l.Name))
                {
                    throw new FormatException($"'{l.Name}' is not a valid label name");
                }

                builder.Add(l.Name, l.Value);
            }
        }

        var path = RelabelRule.Get(labels, "__metrics_path__");
        var sb = new StringBuilder().Append(scheme).Append("://").Append(addr).Append(path.StartsWith('/') ? path : "/" + path);
        var first = true;
        foreach (var (name, values) in query.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            foreach (var v in values)
            {
                sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(v));
                first = false;
            }
        }

        if (!Uri.TryCreate(sb.ToString(), UriKind.Absolute, out var url))
        {
            throw new FormatException($"'{sb}' is not a valid URL");
        }

        return new ScrapeTarget(builder.Build(), url);
    }

    private static bool HasPort(string address)
    {
        // [v6]:port, host:port; a bare IPv6 literal has several colons and no port.
        if (address.StartsWith('['))
        {
            return address.Contains("]:", StringComparison.Ordinal);
        }

        var colon = address.LastIndexOf(':');
        return colon > 0 && address.IndexOf(':') == colon && colon < address.Length - 1;
    }

    private static void SetIfAbsent(List<Label> labels, string name, string value)
    {
        if (RelabelRule.Get(labels, name).Length == 0)
        {
            RelabelRule.Set(labels, name, value);
        }
    }

    private static string Format(TimeSpan span)
    {
        // Prometheus' model.Duration form: 15s, 1m, 1m30s, 500ms.
        if (span.TotalMilliseconds % 1000 != 0)
        {
            return ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var sb = new StringBuilder();
        var seconds = (long)span.TotalSeconds;
        if (seconds >= 3600)
        {
            sb.Append(seconds / 3600).Append('h');
            seconds %= 3600;
        }

        if (seconds >= 60)
        {
            sb.Append(seconds / 60).Append('m');
            seconds %= 60;
        }

        if (seconds > 0 || sb.Length == 0)
        {
            sb.Append(seconds).Append('s');
        }

        return sb.ToString();
    }
}
