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
// opening only after a gap of more than two empty buckets (leading and trailing empty buckets are
// left out); the zero threshold is Prometheus' default 1e-128 whatever the point says (as
// upstream, which leaves a TODO there); the sum is 0 when absent; the reset hint is unknown. All
// exemplars of a point go to its series.
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
        if (!TryConvertBuckets(p.Positive, scaleDown, out var positiveSpans, out var positiveDeltas)
            || !TryConvertBuckets(p.Negative, scaleDown, out var negativeSpans, out var negativeDeltas))
        {
            result.Reject(1, $"exponential histogram point of metric \"{name}\" has a bucket index out of range");
            return long.MinValue;
        }

        var histogram = new Histogram
        {
            CounterResetHint = CounterResetHint.Unknown,
            Schema = p.Scale - scaleDown,
            ZeroThreshold = DefaultZeroThreshold,
            ZeroCount = p.ZeroCount,
            PositiveSpans = positiveSpans,
            PositiveBuckets = positiveDeltas,
            NegativeSpans = negativeSpans,
            NegativeBuckets = negativeDeltas,
        };

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

    private bool TryConvertBuckets(ExponentialHistogramDataPoint.Types.Buckets? buckets, int scaleDown, out HistogramSpan[] spans, out long[] deltas)
    {
        spans = [];
        deltas = [];
        if (buckets is null)
        {
            return true;
        }

        if (!ToSpans(buckets.BucketCounts, buckets.Offset, scaleDown))
        {
            return false;
        }

        spans = [.. _spans];
        deltas = [.. _deltas];
        return true;
    }

    /// <summary>
    /// Fills <see cref="_spans"/> and <see cref="_deltas"/> from OTLP's dense bucket counts starting at
    /// OTLP index <paramref name="offset"/>, merging 2^<paramref name="scaleDown"/> buckets into one.
    /// Returns false when an index falls outside the 32-bit range Prometheus indexes buckets with.
    /// </summary>
    /// <remarks>
    /// The layout rules are upstream's convertBucketsLayout (client_golang's makeBuckets): empty
    /// buckets are written only to bridge a gap of up to two, a longer gap opens a span. Upstream's
    /// loop loses track of the bucket index after an empty merged bucket and can then shift a count
    /// into the bucket below (scale above 8 with empty buckets); here each merged bucket is summed
    /// before it is placed, so the counts land where the observations were.
    /// </remarks>
    private bool ToSpans(IReadOnlyList<ulong> counts, int offset, int scaleDown)
    {
        _spans.Clear();
        _deltas.Clear();
        if ((long)offset + counts.Count >= int.MaxValue)
        {
            return false;
        }

        // A shift of 63 or more maps everything to one bucket (C# masks larger shift counts).
        var shift = Math.Min(scaleDown, 63);
        long previous = 0;
        var lastIndex = 0;
        var i = 0;
        while (i < counts.Count)
        {
            var index = (int)(((long)i + offset) >> shift) + 1;
            long count = 0;
            for (; i < counts.Count && (int)(((long)i + offset) >> shift) + 1 == index; i++)
            {
                count += (long)counts[i];
            }

            if (count == 0)
            {
                continue;
            }

            if (_spans.Count == 0)
            {
                _spans.Add(new HistogramSpan(index, 0));
            }
            else
            {
                AppendGap(index - lastIndex - 1, ref previous);
            }

            AppendDelta(count, ref previous);
            lastIndex = index;
        }

        return true;
    }

    // A gap of up to two empty buckets is filled with zero buckets; a longer one opens a new span.
    private void AppendGap(int gap, ref long previous)
    {
        if (gap > 2)
        {
            _spans.Add(new HistogramSpan(gap, 0));
            return;
        }

        for (var j = 0; j < gap; j++)
        {
            AppendDelta(0, ref previous);
        }
    }

    private void AppendDelta(long count, ref long previous)
    {
        var last = _spans[^1];
        _spans[^1] = last with { Length = last.Length + 1 };
        _deltas.Add(count - previous);
        previous = count;
    }
}
