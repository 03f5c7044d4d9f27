namespace Nines.Ingest.Scrape;

/// <summary>
/// One entry of <c>scrape_configs</c>, in Prometheus' own shape
/// (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config) plus
/// Nines' <c>tenant</c>. Unset interval and timeout come from the <c>global</c> section.
/// </summary>
public sealed class ScrapeConfig
{
    /// <summary>The job name: the <c>job</c> label of every target; unique among jobs.</summary>
    public string JobName { get; set; } = "";

    /// <summary>How often to scrape; null: <c>global.scrape_interval</c>.</summary>
    public TimeSpan? ScrapeInterval { get; set; }

    /// <summary>How long a scrape may take; null: <c>global.scrape_timeout</c>, capped at the interval.</summary>
    public TimeSpan? ScrapeTimeout { get; set; }

    /// <summary>The HTTP path; default <c>/metrics</c>.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; set; } = "http";

    /// <summary>URL query parameters.</summary>
    public IDictionary<string, IList<string>> Params { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>Keep the target's own labels when they clash with target labels (else they become <c>exported_*</c>).</summary>
    public bool HonorLabels { get; set; }

    /// <summary>Store the timestamps the target exposes (else the scrape time).</summary>
    public bool HonorTimestamps { get; set; } = true;

    /// <summary>Fail the scrape when more samples than this remain after metric relabeling; 0: no limit.</summary>
    public int SampleLimit { get; set; }

    /// <summary>Fail the scrape when the uncompressed body is larger; 0: Nines' cap (<see cref="DefaultBodySizeLimit"/>).</summary>
    public long BodySizeLimit { get; set; }

    /// <summary>Follow HTTP redirects (3xx) from the target; default true.</summary>
    public bool FollowRedirects { get; set; } = true;

    /// <summary>Offer HTTP/2 to https targets (falls back to HTTP/1.1); default true.</summary>
    public bool EnableHttp2 { get; set; } = true;

    /// <summary>HTTP basic authentication.</summary>
    public BasicAuthConfig? BasicAuth { get; set; }

    /// <summary>The Authorization header (also set by <c>bearer_token</c> / <c>bearer_token_file</c>).</summary>
    public AuthorizationConfig? Authorization { get; set; }

    /// <summary>TLS settings.</summary>
    public ScrapeTlsConfig TlsConfig { get; set; } = new();

    /// <summary>Fixed targets.</summary>
    public IList<StaticConfig> StaticConfigs { get; } = [];

    /// <summary>Targets read from files.</summary>
    public IList<FileSdConfig> FileSdConfigs { get; } = [];

    /// <summary>Applied to each target's labels before scraping.</summary>
    public IList<RelabelConfig> RelabelConfigs { get; } = [];

    /// <summary>Applied to each scraped series before storing.</summary>
    public IList<RelabelConfig> MetricRelabelConfigs { get; } = [];

    /// <summary>Nines: the tenant whose storage receives the samples.</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>The largest body read when <see cref="BodySizeLimit"/> is 0: 256 MiB.</summary>
    public const long DefaultBodySizeLimit = 256L * 1024 * 1024;

    /// <summary>The interval in effect, given the global one.</summary>
    public TimeSpan EffectiveInterval(TimeSpan globalInterval) => ScrapeInterval ?? globalInterval;

    /// <summary>The timeout in effect: Prometheus caps an unset timeout at the job's interval.</summary>
    public TimeSpan EffectiveTimeout(TimeSpan globalInterval, TimeSpan globalTimeout)
    {
        if (ScrapeTimeout is { } timeout)
        {
            return timeout;
        }

        var interval = EffectiveInterval(globalInterval);
        return globalTimeout > interval ? interval : globalTimeout;
    }
}
