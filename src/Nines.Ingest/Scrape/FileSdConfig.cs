namespace Nines.Ingest.Scrape;

/// <summary>An entry of <c>file_sd_configs</c>: JSON or YAML files of target groups, re-read when they change.</summary>
public sealed class FileSdConfig
{
    /// <summary>File paths; the last path element may be a glob (<c>*.json</c>, <c>targets-?.yml</c>).</summary>
    public IList<string> Files { get; } = [];

    /// <summary>How often the files are re-read (also on change); default 5m.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
