namespace Nines.Ingest.Scrape;

/// <summary>Where scrape loops put their samples: the tenant's metrics storage, or a fake in tests.</summary>
internal interface IScrapeSink
{
    /// <summary>Stores <paramref name="samples"/> for <paramref name="tenant"/>; durable when it completes.</summary>
    ValueTask AppendAsync(string tenant, IReadOnlyList<ScrapeSample> samples, CancellationToken cancellationToken);
}
