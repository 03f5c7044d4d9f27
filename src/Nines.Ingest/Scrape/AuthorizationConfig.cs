namespace Nines.Ingest.Scrape;

/// <summary><c>authorization</c>: the Authorization header sent to the target.</summary>
public sealed class AuthorizationConfig
{
    /// <summary>The scheme; default <c>Bearer</c>.</summary>
    public string Type { get; set; } = "Bearer";

    /// <summary>The credentials.</summary>
    public string? Credentials { get; set; }

    /// <summary>A file holding the credentials (trailing newline ignored).</summary>
    public string? CredentialsFile { get; set; }
}
