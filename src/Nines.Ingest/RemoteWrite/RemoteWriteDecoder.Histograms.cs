using Nines.Ingest.Series;
using Nines.Metrics.Labels;

namespace Nines.Ingest.RemoteWrite;

// Native histograms (TimeSeries.histograms: field 4 in 1.0, 3 in 2.0). A histogram that cannot be
// stored fails the whole request with 400 naming its series, before anything is written: the
// sender's retry would fail the same way, and Prometheus' 1.0 handler likewise rolls the request
// back on an invalid histogram. The series' labels are only known once the TimeSeries is read, so
// the first problem is kept until then.
public sealed partial class RemoteWriteDecoder
{
    private readonly HistogramDecoder _histograms = new();
    private string? _histogramError;

    private bool DecodeHistogram(ReadOnlySpan<byte> message, SeriesBatch batch)
    {
        if (!_histograms.TryDecode(message, out var timestamp, out var histogram, out var error))
        {
            return false;
        }

        if (histogram is not null)
        {
            batch.AddHistogram(timestamp, histogram);
        }
        else
        {
            _histogramError ??= error;
        }

        return true;
    }

    /// <summary>Fails the request for the histogram problem kept while reading the series <paramref name="labels"/>.</summary>
    private bool FailHistogram(RemoteWriteResult result, LabelSet labels)
    {
        result.Fail(IngestErrorKind.InvalidHistogram, $"invalid native histogram in series {labels}: {_histogramError}; nothing from the request was stored");
        return false;
    }
}
