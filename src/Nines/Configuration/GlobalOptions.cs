using System.ComponentModel;

namespace Nines.Configuration;

/// <summary>Section <c>global</c>: the defaults of prometheus.yml's global section.</summary>
public sealed class GlobalOptions
{
    /// <summary>Default scrape interval.</summary>
    [Description("How often a scrape job scrapes its targets unless the job sets scrape_interval (Prometheus' default).")]
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Default scrape timeout; unset: 10s, or scrape_interval when that is shorter (as Prometheus).</summary>
    [Description("How long a scrape may take unless the job sets scrape_timeout. Unset: 10s, or scrape_interval when shorter (as in Prometheus).")]
    public TimeSpan? ScrapeTimeout { get; set; }

    /// <summary>The global timeout in effect.</summary>
    public TimeSpan EffectiveScrapeTimeout => ScrapeTimeout ?? (ScrapeInterval < TimeSpan.FromSeconds(10) ? ScrapeInterval : TimeSpan.FromSeconds(10));

    /// <summary>Accepted for prometheus.yml compatibility.</summary>
    [Description("Default rule evaluation interval; accepted so that a prometheus.yml global section loads (rules are not evaluated yet).")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Accepted for prometheus.yml compatibility; not applied to scraped series.</summary>
    [Description("Labels Prometheus adds when talking to external systems (remote write, federation, Alertmanager); accepted so that a prometheus.yml global section loads, and not added to stored series (Prometheus does not add them locally either).")]
    [ConfigCustom]
    public Dictionary<string, string> ExternalLabels { get; set; } = new(StringComparer.Ordinal);
}
