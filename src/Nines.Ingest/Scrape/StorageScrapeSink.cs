using System.Collections.Concurrent;
using Nines.Metrics.Storage;

namespace Nines.Ingest.Scrape;

/// <summary>Writes scraped samples to the tenant's storage through reusable <see cref="MetricsBatch"/>es.</summary>
internal sealed class StorageScrapeSink(TenantMetricsStorage storage) : IScrapeSink
{
    private readonly ConcurrentBag<MetricsBatch> _batches = [];

    public async ValueTask AppendAsync(string tenant, IReadOnlyList<ScrapeSample> samples, CancellationToken cancellationToken)
    {
        if (samples.Count == 0)
        {
            return;
        }

        var batch = _batches.TryTake(out var b) ? b : new MetricsBatch();
        try
        {
            foreach (var s in samples)
            {
                batch.Add(s.Labels, s.Timestamp, s.Value);
                if (s.Exemplar is { } exemplar)
                {
                    batch.AddExemplar(exemplar.Labels, exemplar.Value, exemplar.Timestamp);
                }
            }

            var metrics = await storage.GetAsync(tenant, cancellationToken);
            await metrics.AppendAsync(batch, cancellationToken);
        }
        finally
        {
            batch.Clear();
            _batches.Add(batch);
        }
    }
}
