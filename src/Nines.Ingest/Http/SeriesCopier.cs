using Nines.Ingest.Series;
using Nines.Metrics.Storage;

namespace Nines.Ingest.Http;

/// <summary>
/// Copies decoded series into the storage's batch (timestamps and values side by side), reusing its
/// scratch arrays across requests. One per worker; not thread-safe.
/// </summary>
internal sealed class SeriesCopier
{
    private long[] _timestamps = new long[1024];
    private double[] _values = new double[1024];

    public void Copy(SeriesBatch source, MetricsBatch target)
    {
        target.Clear();
        for (var i = 0; i < source.SeriesCount; i++)
        {
            var samples = source.GetSamples(i);
            if (samples.Length == 0)
            {
                continue;
            }

            if (samples.Length > _timestamps.Length)
            {
                _timestamps = new long[samples.Length * 2];
                _values = new double[samples.Length * 2];
            }

            for (var j = 0; j < samples.Length; j++)
            {
                _timestamps[j] = samples[j].TimestampMs;
                _values[j] = samples[j].Value;
            }

            target.Add(source.GetLabels(i), _timestamps.AsSpan(0, samples.Length), _values.AsSpan(0, samples.Length));
        }
    }
}
