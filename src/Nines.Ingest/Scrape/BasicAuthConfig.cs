namespace Nines.Ingest.Scrape;

/// <summary><c>basic_auth</c>: a user name and a password (inline or read from a file at each scrape).</summary>
public sealed class BasicAuthConfig
{
    /// <summary>The user name.</summary>
    public string Username { get; set; } = "";

    /// <summary>The password.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the password (trailing newline ignored).</summary>
    public string? PasswordFile { get; set; }
}
