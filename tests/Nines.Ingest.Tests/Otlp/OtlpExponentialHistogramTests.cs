using Google.Protobuf;
using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Common.V1;
using Nines.Ingest.Otlp.Proto.Metrics.V1;
using Nines.Ingest.Otlp.Proto.Resource.V1;
using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Series;
using Nines.Ingest.Tests.RemoteWrite;
using Nines.Metrics.Histograms;
using Nines.Metrics.Labels;
using Histogram = Nines.Metrics.Histograms.Histogram;

namespace Nines.Ingest.Tests.Otlp;

// Expected native histograms are derived by hand from Prometheus' translator rules: OTLP bucket
// index i is Prometheus index i+1; above scale 8, indexes are shifted right by scale-8 (floor
// division by 2^(scale-8)) and merged; a gap of more than two empty buckets opens a new span.
public sealed class OtlpExponentialHistogramTests
{
    private const ulong T = 1_700_000_000_123_456_789;
    private const long TMs = 1_700_000_000_123;

    private static OtlpMetricsTranslator CreateSut() => new();

    private static ExponentialHistogramDataPoint Point(int scale, int offset, ulong[] positive, int negativeOffset = 0, ulong[]? negative = null)
    {
        var p = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = T,
            Scale = scale,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = offset },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = negativeOffset },
        };
        p.Positive.BucketCounts.Add(positive);
        p.Negative.BucketCounts.Add(negative ?? []);
        p.Count = positive.Aggregate(0ul, (a, b) => a + b) + (negative ?? []).Aggregate(0ul, (a, b) => a + b);
        return p;
    }

    private static ExportMetricsServiceRequest Request(Metric metric, params (string Key, string Value)[] resource)
    {
        var scope = new ScopeMetrics();
        scope.Metrics.Add(metric);
        var rm = new ResourceMetrics { Resource = new Resource() };
        foreach (var (k, v) in resource)
        {
            rm.Resource.Attributes.Add(new KeyValue { Key = k, Value = new AnyValue { StringValue = v } });
        }

        rm.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(rm);
        return request;
    }

    private static Metric Metric(string name, string unit, AggregationTemporality temporality, params ExponentialHistogramDataPoint[] points)
    {
        var eh = new ExponentialHistogram { AggregationTemporality = temporality };
        eh.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, ExponentialHistogram = eh };
    }

    private static Histogram TranslateOne(ExponentialHistogramDataPoint p)
    {
        using var batch = new SeriesBatch();
        var result = CreateSut().Translate(Request(Metric("h", "", AggregationTemporality.Cumulative, p)), batch);
        Assert.Null(result.ErrorMessage);
        return Assert.Single(batch.GetHistograms(0).ToArray()).Histogram;
    }

    [Fact]
    public void Translate_ExponentialHistogram_OneNativeHistogramSeriesWithMappedBuckets()
    {
        var p = Point(scale: 0, offset: 0, positive: [1, 2], negativeOffset: -2, negative: [3]);
        p.ZeroCount = 4;
        p.Count = 10;
        p.Sum = 7.5;
        p.ZeroThreshold = 0.5;
        p.Attributes.Add(new KeyValue { Key = "http.route", Value = new AnyValue { StringValue = "/a" } });
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(
            Request(Metric("http.server.duration", "s", AggregationTemporality.Cumulative, p), ("service.name", "api"), ("host.name", "h1")),
            batch);

        Assert.Null(result.ErrorMessage);
        Assert.Equal(1, result.DataPointsAccepted);
        Assert.Equal(LabelSet.FromStrings("__name__", "http_server_duration_seconds", "job", "api", "http_route", "/a"), batch.GetLabels(0));
        Assert.Equal(0, batch.GetSamples(0).Length);
        var stored = Assert.Single(batch.GetHistograms(0).ToArray());
        Assert.Equal(TMs, stored.TimestampMs);

        // Positive OTLP 0, 1 -> Prometheus 1, 2; negative OTLP -2 -> -1. The zero threshold is
        // Prometheus' fixed 1e-128, not the point's 0.5 (as upstream).
        HistogramAssert.Equal(
            new Histogram
            {
                CounterResetHint = CounterResetHint.Unknown,
                Schema = 0,
                ZeroThreshold = 1e-128,
                ZeroCount = 4,
                Count = 10,
                Sum = 7.5,
                PositiveSpans = [new(1, 2)],
                PositiveBuckets = [1, 1],
                NegativeSpans = [new(-1, 1)],
                NegativeBuckets = [3],
            },
            stored.Histogram);

        // target_info as for every other type.
        Assert.Equal(LabelSet.FromStrings("__name__", "target_info", "job", "api", "host_name", "h1"), batch.GetLabels(1));
    }

    [Fact]
    public void Translate_ScaleAboveEight_BucketsMergedDownToSchemaEight()
    {
        // Scale 10 -> schema 8: OTLP 3 -> 3>>2 = 0 -> 1; OTLP 4..7 -> 1 -> 2.
        var h = TranslateOne(Point(scale: 10, offset: 3, positive: [1, 1, 1, 1, 1]));

        Assert.Equal(8, h.Schema);
        Assert.Equal([new HistogramSpan(1, 2)], h.PositiveSpans);
        Assert.Equal([1L, 3], h.PositiveBuckets);
    }

    [Fact]
    public void Translate_NegativeOffsetWithScaleDown_FloorsTheIndex()
    {
        // Scale 9 -> schema 8: OTLP -5 -> floor(-5/2) = -3 -> -2; OTLP -4, -3 -> -2 -> -1.
        var h = TranslateOne(Point(scale: 9, offset: -5, positive: [1, 1, 1]));

        Assert.Equal([new HistogramSpan(-2, 2)], h.PositiveSpans);
        Assert.Equal([1L, 1], h.PositiveBuckets);
    }

    [Fact]
    public void Translate_GapOfThreeEmptyBuckets_OpensANewSpan()
    {
        var h = TranslateOne(Point(scale: 0, offset: 0, positive: [1, 0, 0, 0, 2]));

        Assert.Equal([new HistogramSpan(1, 1), new HistogramSpan(3, 1)], h.PositiveSpans);
        Assert.Equal([1L, 1], h.PositiveBuckets);
    }

    [Fact]
    public void Translate_GapOfTwoEmptyBuckets_FilledWithZeroBuckets()
    {
        var h = TranslateOne(Point(scale: 0, offset: 0, positive: [1, 0, 0, 2]));

        Assert.Equal([new HistogramSpan(1, 4)], h.PositiveSpans);
        Assert.Equal([1L, -1, 0, 2], h.PositiveBuckets);
    }

    [Fact]
    public void Translate_EmptyBucketsWhileMerging_CountsStayInTheirBuckets()
    {
        // Scale 9 -> schema 8: OTLP 0, 1 -> 1 (count 2); 2..5 -> 2, 3 (empty); 6, 7 -> 4 (count 2).
        // Two empty buckets between are written as zeros. (Prometheus' own loop puts one of the
        // last two observations into bucket 3 here.)
        var h = TranslateOne(Point(scale: 9, offset: 0, positive: [1, 1, 0, 0, 0, 0, 1, 1]));

        Assert.Equal([new HistogramSpan(1, 4)], h.PositiveSpans);
        Assert.Equal([2L, -2, 0, 2], h.PositiveBuckets);
    }

    [Fact]
    public void Translate_LeadingAndTrailingEmptyBuckets_LeftOut()
    {
        var h = TranslateOne(Point(scale: 0, offset: 0, positive: [0, 0, 0, 0, 1, 0, 0, 0, 0]));

        Assert.Equal([new HistogramSpan(5, 1)], h.PositiveSpans);
        Assert.Equal([1L], h.PositiveBuckets);
    }

    [Fact]
    public void Translate_NoSum_SumIsZero()
    {
        var p = Point(scale: 2, offset: 0, positive: [1]);

        Assert.Equal(0, TranslateOne(p).Sum);
    }

    [Fact]
    public void Translate_NoRecordedValue_StaleMarkerSum()
    {
        var p = Point(scale: 0, offset: 0, positive: [1]);
        p.Flags = (uint)DataPointFlags.NoRecordedValueMask;

        Assert.Equal(0x7ff0000000000002, BitConverter.DoubleToInt64Bits(TranslateOne(p).Sum));
    }

    [Fact]
    public void Translate_ScaleBelowMinusFour_PointRejected()
    {
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(Request(Metric("h", "", AggregationTemporality.Cumulative, Point(-5, 0, [1]), Point(-4, 0, [1]))), batch);

        Assert.Equal(1, result.DataPointsRejected);
        Assert.Equal(1, result.DataPointsAccepted);
        Assert.Equal("cannot convert exponential to native histogram for metric \"h\": scale must be >= -4, was -5", result.ErrorMessage);
        Assert.Equal(-4, batch.GetHistograms(0)[0].Histogram.Schema);
    }

    [Fact]
    public void Translate_DeltaTemporality_Rejected()
    {
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(Request(Metric("h", "", AggregationTemporality.Delta, Point(0, 0, [1]), Point(0, 0, [2]))), batch);

        Assert.Equal(2, result.DataPointsRejected);
        Assert.Equal("invalid temporality and type combination for metric \"h\"", result.ErrorMessage);
        Assert.Equal(0, batch.SeriesCount);
    }

    [Fact]
    public void Translate_CountBelowBuckets_PointRejected()
    {
        var p = Point(0, 0, [5]);
        p.Count = 2;
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(Request(Metric("h", "", AggregationTemporality.Cumulative, p)), batch);

        Assert.Equal(1, result.DataPointsRejected);
        Assert.Contains("histogram count 2 is smaller than the 5 observations", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, batch.HistogramCount);
    }

    [Fact]
    public void Translate_WithRedaction_HistogramSeriesLabelValuesRedacted()
    {
        var p = Point(0, 0, [1]);
        p.Attributes.Add(new KeyValue { Key = "user", Value = new AnyValue { StringValue = "ada@example.com" } });
        using var batch = new SeriesBatch();
        var sut = new OtlpMetricsTranslator { Redactor = new Redactor(new RedactionOptions { Enabled = true }) };

        sut.Translate(Request(Metric("h", "", AggregationTemporality.Cumulative, p)), batch);

        Assert.Equal("[REDACTED:email]", batch.GetLabels(0).Get("user"));
        Assert.Equal(1, batch.GetHistograms(0).Length);
    }

    [Fact]
    public void Translate_Exemplars_AllOnTheHistogramSeries()
    {
        var p = Point(0, 0, [1, 1]);
        p.Exemplars.Add(new Exemplar { AsDouble = 0.7, TimeUnixNano = T, TraceId = ByteString.CopyFrom(new byte[16] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }) });
        p.Exemplars.Add(new Exemplar { AsDouble = 1.5, TimeUnixNano = T });
        using var batch = new SeriesBatch();

        var result = CreateSut().Translate(Request(Metric("h", "", AggregationTemporality.Cumulative, p)), batch);

        Assert.Equal(2, result.ExemplarsWritten);
        var exemplars = batch.GetExemplars(0);
        Assert.Equal([0.7, 1.5], [exemplars[0].Value, exemplars[1].Value]);
        Assert.Equal("01000000000000000000000000000002", exemplars[0].Labels.Get("trace_id"));
    }
}
