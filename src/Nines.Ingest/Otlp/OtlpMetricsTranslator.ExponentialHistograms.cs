using System.Globalization;
using Nines.Ingest.Otlp.Proto.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Series;
using Nines.Metrics.Histograms;
using Histogram = Nines.Metrics.Histograms.Histogram;

namespace Nines.Ingest.Otlp;

// Exponential histograms become native histograms as in Prometheus' OTLP receiver
// (storage/remote/otlptranslator/prometheusremotewrite/histograms.go, exponentialToNativeHistogram):
// scale is the schema (above 8, 2^(scale-8) neighbouring buckets are merged to reach schema 8; below
// -4 the point is rejected); OTLP bucket index i (range (base^i, base^(i+1)]) is Prometheus index
// i+1 (range (base^(i-1), base^i]); the dense bucket counts become spans and deltas, a new span
// opening only after a gap of more than two empty buckets; the zero threshold is Prometheus'
// default 1e-128 whatever the point says (as upstream, which leaves a TODO there); the sum is 0
// when absent; the reset hint is unknown. All exemplars of a point go to its series.
public sealed partial class OtlpMetricsTranslator
{
    private const double DefaultZeroThreshold = 1e-128;

    private readonly List<HistogramSpan> _spans = [];
    private readonly List<long> _deltas = [];

    private long AddExponentialHistogramPoint(string name, ExponentialHistogramDataPoint p, Resource resource, SeriesBatch batch, OtlpMetricsResult result)
    {
        if (name.Length == 0)
        {
            result.Reject(1, "metric name is empty after translation");
            return long.MinValue;
        }

        if (p.Scale < Histogram.MinSchema)
        {
            result.Reject(1, string.Create(CultureInfo.InvariantCulture, $"cannot convert exponential to native histogram for metric \"{name}\": scale must be >= {Histogram.MinSchema}, was {p.Scale}"));
            return long.MinValue;
        }

        var scaleDown = Math.Max(0, p.Scale - Histogram.MaxSchema);
        var histogram = new Histogram
        {
            CounterResetHint = CounterResetHint.Unknown,
            Schema = p.Scale - scaleDown,
            ZeroThreshold = DefaultZeroThreshold,
            ZeroCount = p.ZeroCount,
        };

        if (p.Positive is { } positive)
        {
            ToSpans(positive.BucketCounts, positive.Offset, scaleDown);
            histogram.PositiveSpans = [.. _spans];
            histogram.PositiveBuckets = [.. _deltas];
        }

        if (p.Negative is { } negative)
        {
            ToSpans(negative.BucketCounts, negative.Offset, scaleDown);
            histogram.NegativeSpans = [.. _spans];
            histogram.NegativeBuckets = [.. _deltas];
        }

        if (NoRecordedValue(p.Flags))
        {
            // Upstream writes the staleness marker's bits into the count as well.
            histogram.Sum = StaleNaN;
            histogram.Count = (ulong)BitConverter.DoubleToInt64Bits(StaleNaN);
        }
        else
        {
            histogram.Sum = p.HasSum ? p.Sum : 0;
            histogram.Count = p.Count;
        }

        if (histogram.Validate() is { } invalid)
        {
            result.Reject(1, $"exponential histogram point of metric \"{name}\" is invalid: {invalid}");
            return long.MinValue;
        }

        var ts = ToMilliseconds(p.TimeUnixNano);
        SetBaseLabels(p.Attributes, resource);
        if (BuildLabels(name, null, null, result) is not { } labels)
        {
            return long.MinValue;
        }

        BeginExemplars(p.Exemplars);
        TakeExemplars(p.Exemplars, double.PositiveInfinity);
        batch.AddHistogram(ts, histogram);
        FlushExemplars(batch, result);
        batch.CommitSeries(labels);
        result.SamplesWritten++;
        result.DataPointsAccepted++;
        return ts;
    }

    /// <summary>
    /// Fills <see cref="_spans"/> and <see cref="_deltas"/> from OTLP's dense bucket counts starting at
    /// OTLP index <paramref name="offset"/>, merging 2^<paramref name="scaleDown"/> buckets into one.
    /// Follows upstream's convertBucketsLayout (itself client_golang's makeBuckets) step for step, so
    /// the spans come out exactly as Prometheus stores them.
    /// </summary>
    private void ToSpans(IReadOnlyList<ulong> counts, int offset, int scaleDown)
    {
        _spans.Clear();
        _deltas.Clear();
        if (counts.Count == 0)
        {
            return;
        }

        long count = 0, previous = 0;
        var index = (offset >> scaleDown) + 1;
        _spans.Add(new HistogramSpan(index, 0));
        for (var i = 0; i < counts.Count; i++)
        {
            var next = ((i + offset) >> scaleDown) + 1;
            if (next == index)
            {
                // Still inside the merged bucket.
                count += (long)counts[i];
                continue;
            }

            if (count == 0)
            {
                // Upstream does not advance the index past empty buckets here; the gap is measured
                // from the last bucket written, which turns leading empties into zero buckets when close.
                count = (long)counts[i];
                continue;
            }

            AppendAfterGap(next - index - 1, count, ref previous);
            count = (long)counts[i];
            index = next;
        }

        var last = ((counts.Count + offset - 1) >> scaleDown) + 1;
        AppendAfterGap(last - index, count, ref previous);
    }

    // A gap of up to two empty buckets is filled with zero buckets; a longer one opens a new span.
    private void AppendAfterGap(int gap, long count, ref long previous)
    {
        if (gap > 2)
        {
            _spans.Add(new HistogramSpan(gap, 0));
        }
        else
        {
            for (var j = 0; j < gap; j++)
            {
                AppendDelta(0, ref previous);
            }
        }

        AppendDelta(count, ref previous);
    }

    private void AppendDelta(long count, ref long previous)
    {
        var last = _spans[^1];
        _spans[^1] = last with { Length = last.Length + 1 };
        _deltas.Add(count - previous);
        previous = count;
    }
}
