namespace Nines.Ingest.Scrape;

/// <summary><c>tls_config</c> of a scrape job (PEM files, as in Prometheus).</summary>
public sealed class ScrapeTlsConfig
{
    /// <summary>Accept any server certificate (testing only).</summary>
    public bool InsecureSkipVerify { get; set; }

    /// <summary>CA certificates (PEM) that the target's certificate must chain to, instead of the system's.</summary>
    public string? CaFile { get; set; }

    /// <summary>Client certificate (PEM) for targets that require one; with <see cref="KeyFile"/>.</summary>
    public string? CertFile { get; set; }

    /// <summary>The client certificate's private key (PEM).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The name the target's certificate must be valid for, when it differs from the address.</summary>
    public string? ServerName { get; set; }
}
