namespace Nines.Ingest.Scrape;

/// <summary><c>tls_config</c> of a scrape job.</summary>
public sealed class ScrapeTlsConfig
{
    /// <summary>Accept any server certificate (testing only).</summary>
    public bool InsecureSkipVerify { get; set; }
}
