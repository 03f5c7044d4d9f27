namespace Nines.Ingest.Scrape;

/// <summary>An entry of <c>static_configs</c>: addresses and labels for all of them.</summary>
public sealed class StaticConfig
{
    /// <summary><c>host:port</c> addresses.</summary>
    public IList<string> Targets { get; } = [];

    /// <summary>Labels added to every target of the group.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
